package repository

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// CatalogModel is the Model of a Table read from the catalogue.
const CatalogModel = "none: read from the database catalogue"

// CatalogTable describes a table that no model describes from the
// database's catalogue: its columns (but an auto-increment key), their
// kinds, nullability, varchar limits and numeric precision, and its
// primary key. found is false when there is no such table. It reads under
// the statement timeout.
func (s *Store) CatalogTable(ctx context.Context, name string) (t Table, found bool, err error) {
	err = s.query(ctx, func(db *gorm.DB) error {
		if found, err = hasTable(db, name); err != nil || !found {
			return err
		}
		t, err = s.catalogTable(db, name)
		return err
	})
	return t, found, err
}

func (s *Store) catalogTable(db *gorm.DB, name string) (Table, error) {
	cols, err := db.Migrator().ColumnTypes(name)
	if err != nil {
		return Table{}, fmt.Errorf("repository: reading columns of %s: %w", name, mapError(err))
	}
	if cols, err = s.drv.Columns(db, name, cols); err != nil {
		return Table{}, err
	}
	keys, err := s.readKeys(db, name)
	if err != nil {
		return Table{}, err
	}
	t := Table{Name: name, Model: CatalogModel}
	for _, k := range keys {
		if k.Primary {
			t.Keys = k.Columns
		}
	}
	for _, c := range cols {
		col, generated, err := s.drv.TargetColumn(db, name, c)
		if err != nil {
			return Table{}, err
		}
		if generated {
			continue
		}
		nullable, known := c.Nullable()
		col.NotNull = known && !nullable || slices.Contains(t.Keys, col.Name)
		t.Columns = append(t.Columns, col)
	}
	return t, nil
}
