package mysql

import (
	"context"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// CreateStaging (re)creates staging as an empty copy of t: CREATE TABLE …
// LIKE copies the columns, keys, indexes and CHECKs; the foreign keys,
// which LIKE leaves out, are added one by one, so a row the swap would
// refuse is refused when its batch is written. DDL commits implicitly on
// MySQL: what the scope wrote before commits with it, and a transaction
// begins afresh for what follows (restart). Call it in a scope of its
// own, outside any savepoint.
func (Driver) CreateStaging(ctx context.Context, tx driver.Tx, t, staging target.Table) error {
	fks, err := foreignKeys(ctx, tx, t.Name, staging.Name)
	if err != nil {
		return err
	}
	stmts := append([]string{
		"DROP TABLE IF EXISTS " + quoteIdent(staging.Name),
		fmt.Sprintf("CREATE TABLE %s LIKE %s", quoteIdent(staging.Name), quoteIdent(t.Name)),
	}, fks...)
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("creating the staging table %s: %w", staging.Name, err)
		}
	}
	return restart(ctx, tx)
}

// restart begins a transaction again on tx's connection after a statement
// that committed implicitly (DDL), READ COMMITTED as Begin's, so that the
// rest of the scope stays one transaction and its COMMIT has one to end.
func restart(ctx context.Context, tx driver.Tx) error {
	for _, q := range []string{"SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "START TRANSACTION"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("beginning a transaction after DDL: %w", err)
		}
	}
	return nil
}

// foreignKeys returns the ALTER TABLE statements that give staging t's
// foreign keys, under names of its own (they are unique per database).
func foreignKeys(ctx context.Context, tx driver.Tx, table, staging string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR '\t'),
		k.REFERENCED_TABLE_NAME, GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR '\t'),
		rc.UPDATE_RULE, rc.DELETE_RULE
		FROM information_schema.REFERENTIAL_CONSTRAINTS rc
		JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA
		  AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME AND k.TABLE_NAME = rc.TABLE_NAME
		WHERE rc.CONSTRAINT_SCHEMA = DATABASE() AND rc.TABLE_NAME = ?
		GROUP BY rc.CONSTRAINT_NAME, k.REFERENCED_TABLE_NAME, rc.UPDATE_RULE, rc.DELETE_RULE
		ORDER BY rc.CONSTRAINT_NAME`, table)
	if err != nil {
		return nil, fmt.Errorf("reading the foreign keys of %s: %w", table, err)
	}
	defer func() { _ = rows.Close() }()
	var out []string
	for rows.Next() {
		var cols, parent, refs, onUpdate, onDelete string
		if err := rows.Scan(&cols, &parent, &refs, &onUpdate, &onDelete); err != nil {
			return nil, fmt.Errorf("reading the foreign keys of %s: %w", table, err)
		}
		out = append(out, fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s) ON UPDATE %s ON DELETE %s",
			quoteIdent(staging), quoteIdent(fmt.Sprintf("%s_fk%d", staging, len(out)+1)), quoteList(strings.Split(cols, "\t")),
			quoteIdent(parent), quoteList(strings.Split(refs, "\t")), onUpdate, onDelete))
	}
	return out, rows.Err()
}

// Swap replaces every row of t by the rows of staging, then drops staging.
//
// RENAME TABLE would swap at once, but it commits implicitly, so the swap
// could not be atomic with what the scope checked before it (the run
// still owns its pipeline). Here DELETE and INSERT … SELECT run in the
// scope's InnoDB transaction: readers see the old rows until it commits,
// then the new ones, and any failure rolls back to the old rows. The DROP
// that ends Swap commits that transaction implicitly (a new one begins for
// the rest of the scope, see restart), so Swap is the scope's last write
// that must be atomic with what came before. A crash between that commit and the drop leaves
// a staging table holding exactly t's new rows: swapping it again on a
// rerun changes nothing.
func (Driver) Swap(ctx context.Context, tx driver.Tx, t, staging target.Table) (int64, error) {
	n, err := replaceRows(ctx, tx, t, staging)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "DROP TABLE "+quoteIdent(staging.Name)); err != nil {
		return n, fmt.Errorf("dropping the staging table %s: %w", staging.Name, err)
	}
	return n, restart(ctx, tx)
}

// replaceRows is Swap but the drop: transactional. It is
// driver.SwapByCopy but for its quoting (backticks here) and its DROP,
// which commits here and so needs restart.
func replaceRows(ctx context.Context, tx driver.Tx, t, staging target.Table) (int64, error) {
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+quoteIdent(t.Name)); err != nil {
		return 0, fmt.Errorf("replacing %s: %w", t.Name, wrap(err))
	}
	cols := quoteList(t.Names())
	res, err := tx.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", quoteIdent(t.Name), cols, cols, quoteIdent(staging.Name)))
	if err != nil {
		return 0, fmt.Errorf("replacing %s: %w", t.Name, wrap(err))
	}
	n, _ := res.RowsAffected()
	return n, nil
}
