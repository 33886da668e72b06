package repository

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// DeleteAllRows deletes, in the session's transaction, every row of t and
// returns how many: the start of a full refresh, and `loader reset
// --truncate`. It is a DELETE rather than a TRUNCATE, which would commit
// the transaction on MySQL.
func (sess *Session) DeleteAllRows(ctx context.Context, t Table) (int64, error) {
	return sess.deleteAll(ctx, t.Name)
}

func (sess *Session) deleteAll(ctx context.Context, table string) (int64, error) {
	res := sess.Gorm(ctx).Exec("DELETE FROM " + sess.store.drv.Quote(table))
	if res.Error != nil {
		return 0, fmt.Errorf("emptying %s: %w", table, mapError(res.Error))
	}
	return res.RowsAffected, nil
}

// HasRows reports whether the table holds at least one row.
func (s *Store) HasRows(ctx context.Context, table string) (bool, error) {
	var n []int
	err := s.query(ctx, func(db *gorm.DB) error {
		return db.Raw("SELECT 1 FROM " + s.drv.Quote(table) + " LIMIT 1").Scan(&n).Error
	})
	if err != nil {
		return false, fmt.Errorf("reading whether %s holds rows: %w", table, err)
	}
	return len(n) > 0, nil
}

// Columns returns the names of the table's columns from the database's
// catalogue; found is false when the table does not exist.
func (s *Store) Columns(ctx context.Context, table string) (columns []string, found bool, err error) {
	err = s.query(ctx, func(db *gorm.DB) error {
		if found, err = hasTable(db, table); err != nil || !found {
			return err
		}
		types, err := db.Migrator().ColumnTypes(table)
		for _, c := range types {
			columns = append(columns, c.Name())
		}
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("reading the columns of %s: %w", table, err)
	}
	return columns, found, nil
}
