package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

var (
	quoteIdent = driver.QuoteIdent
	quoteList  = driver.QuoteList
)

// Append COPYs rows into t.
func (d *Driver) Append(ctx context.Context, tx driver.Tx, t target.Table, rows [][]any) (int64, error) {
	return d.copyRows(ctx, tx, t.Name, t.Names(), rows)
}

// Upsert copies rows into a temporary staging table, then merges them with
// one INSERT … SELECT … ON CONFLICT. With tryCopy, the rows are first
// COPYed straight into t in a savepoint, the fast path while none of
// their keys exists yet; a unique violation rolls back to the savepoint
// and the rows take the merge path.
func (d *Driver) Upsert(ctx context.Context, tx driver.Tx, t target.Table, keys []string, rows [][]any, tryCopy bool) (int64, bool, error) {
	if tryCopy {
		if n, ok, err := d.copyIfNew(ctx, tx, t, rows); ok || err != nil {
			return n, ok, err
		}
	}
	n, err := d.mergeStaged(ctx, tx, t, keys, rows)
	return n, false, err
}

// copyIfNew COPYs rows into t in a savepoint; ok is false, with nothing
// written, when a key already exists.
func (d *Driver) copyIfNew(ctx context.Context, tx driver.Tx, t target.Table, rows [][]any) (n int64, ok bool, err error) {
	err = tx.Savepoint(ctx, func(sp driver.Tx) error {
		n, err = d.copyRows(ctx, sp, t.Name, t.Names(), rows)
		return err
	})
	if errors.Is(err, driver.ErrConflict) {
		return 0, false, nil
	}
	return n, err == nil, err
}

func (d *Driver) mergeStaged(ctx context.Context, tx driver.Tx, t target.Table, keys []string, rows [][]any) (int64, error) {
	stage := quoteIdent("_loader_stage_" + t.Name)
	// The staging table lives as long as the connection and empties at
	// every commit; within a transaction it may hold the rows of an earlier
	// merge (a batch written in parts, in savepoints), so it is emptied.
	create := fmt.Sprintf("CREATE TEMP TABLE IF NOT EXISTS %s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", stage, quoteIdent(t.Name))
	if err := driver.Exec(ctx, tx, classify, create, "TRUNCATE "+stage); err != nil {
		return 0, err
	}
	if _, err := d.copyRows(ctx, tx, "_loader_stage_"+t.Name, t.Names(), rows); err != nil {
		return 0, err
	}
	q := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s AS s WHERE NOT EXISTS (%s) %s",
		quoteIdent(t.Name), quoteList(t.Names()), driver.Qualified("s", t.Names()), stage, sameRow(t, keys), driver.OnConflict(t, keys))
	res, err := tx.ExecContext(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("merging into %s: %w", t.Name, mapError(err))
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// sameRow renders a subquery that finds, for staged row s, a row of t
// with the same key and the same values (but load_run_id): rows reloaded
// unchanged are filtered out by a read-only index lookup, before ON
// CONFLICT would lock them.
func sameRow(t target.Table, keys []string) string {
	var conds []string
	for _, k := range keys {
		conds = append(conds, fmt.Sprintf("r.%s = s.%s", quoteIdent(k), quoteIdent(k)))
	}
	for _, c := range t.Columns {
		if !slices.Contains(keys, c.Name) && c.Name != target.RunColumn {
			conds = append(conds, fmt.Sprintf("r.%s IS NOT DISTINCT FROM s.%s", quoteIdent(c.Name), quoteIdent(c.Name)))
		}
	}
	return fmt.Sprintf("SELECT 1 FROM %s AS r WHERE %s", quoteIdent(t.Name), strings.Join(conds, " AND "))
}

// AsyncCommit sets synchronous_commit off for this transaction only: a
// server crash can then lose the last transactions committed, never a part
// of one, and always a suffix.
func (*Driver) AsyncCommit(ctx context.Context, tx driver.Tx) error {
	return driver.Exec(ctx, tx, classify, "SET LOCAL synchronous_commit = off")
}

// copyRows is CopyFrom for rows of the kinds bulk writes take, with the
// package's own binary encoders (see copy_binary.go).
func (d *Driver) copyRows(ctx context.Context, tx driver.Tx, table string, columns []string, rows [][]any) (int64, error) {
	var n int64
	err := onPgx(tx, table, func(c *pgx.Conn) (err error) {
		n, err = copyRows(ctx, c, d.types, table, columns, rows)
		return err
	})
	return n, err
}

// CopyFrom bulk-loads rows from src into table with COPY (pgx CopyFrom) on
// the connection under tx, inside tx.
func CopyFrom(ctx context.Context, tx driver.Tx, table string, columns []string, src pgx.CopyFromSource) (int64, error) {
	var n int64
	err := onPgx(tx, table, func(c *pgx.Conn) (err error) {
		n, err = c.CopyFrom(ctx, pgx.Identifier{table}, columns, src)
		return err
	})
	return n, err
}

// onPgx runs fn on the pgx connection under the transaction.
func onPgx(tx driver.Tx, table string, fn func(*pgx.Conn) error) error {
	err := tx.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not pgx: %w", driverConn, driver.ErrUnsupported)
		}
		return fn(c.Conn())
	})
	if err != nil {
		return fmt.Errorf("COPY into %s: %w", table, mapError(err))
	}
	return nil
}
