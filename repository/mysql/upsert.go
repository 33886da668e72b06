package mysql

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// Upsert writes rows into t (the caller keeps the last row of each key),
// replacing the other columns of rows whose keys exist and differ, and
// returns the rows inserted or changed. The rows go to a temporary staging
// table (LOAD DATA or INSERT, as Append), the staged rows equal to t's
// but for load_run_id are dropped from it, and the rest is merged with
// one INSERT … SELECT … ON DUPLICATE KEY UPDATE: unchanged rows are never
// rewritten and keep the run that last changed them. ON DUPLICATE KEY
// fires on any unique index, so a table with one other than the key's is
// refused (ErrOtherUniqueKey).
//
// With tryCopy the rows are first loaded straight into t, in a savepoint:
// the fast path while none of their keys exists. A duplicate key rolls it
// back and the rows take the merge path; copied reports whether it held.
func (d Driver) Upsert(ctx context.Context, tx driver.Tx, t target.Table, keys []string, rows [][]any, tryCopy bool) (n int64, copied bool, err error) {
	if len(rows) == 0 {
		return 0, false, nil
	}
	if len(keys) == 0 {
		return 0, false, fmt.Errorf("upsert into %s: no key columns", t.Name)
	}
	if err := d.checkUnique(ctx, tx, t.Name, keys); err != nil {
		return 0, false, err
	}
	if tryCopy {
		n, err := d.appendTo(ctx, tx, t, t.Name, rows)
		if !errors.Is(err, driver.ErrConflict) {
			return n, err == nil, err
		}
	}
	err = tx.Savepoint(ctx, func(sp driver.Tx) error {
		n, err = d.merge(ctx, sp, t, keys, rows)
		return err
	})
	return n, false, err
}

func (d Driver) merge(ctx context.Context, tx driver.Tx, t target.Table, keys []string, rows [][]any) (int64, error) {
	stage := "_loader_stage_" + t.Name
	// A temporary table lives with the connection; CREATE and DELETE on it
	// do not end the transaction (TRUNCATE would).
	for _, q := range []string{
		fmt.Sprintf("CREATE TEMPORARY TABLE IF NOT EXISTS %s LIKE %s", quoteIdent(stage), quoteIdent(t.Name)),
		"DELETE FROM " + quoteIdent(stage),
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("staging rows for %s: %w", t.Name, err)
		}
	}
	if _, err := d.appendTo(ctx, tx, t, stage, rows); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, deleteUnchanged(t, keys, stage))
	if err != nil {
		return 0, fmt.Errorf("comparing rows with %s: %w", t.Name, err)
	}
	same, _ := res.RowsAffected()
	if same == int64(len(rows)) {
		return 0, nil
	}
	cols := quoteList(t.Names())
	q := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s AS s ON DUPLICATE KEY UPDATE %s",
		quoteIdent(t.Name), cols, qualified("s", t.Names()), quoteIdent(stage), updates(t))
	if _, err := tx.ExecContext(ctx, q); err != nil {
		return 0, fmt.Errorf("merging into %s: %w", t.Name, wrap(err))
	}
	// Every staged row left is new or differs: MySQL's affected rows (1
	// per insert, 2 per change) need not be decoded.
	return int64(len(rows)) - same, nil
}

// deleteUnchanged removes from stage the rows t already holds with the
// same values (NULL-safe), load_run_id aside. Values compare as bytes:
// the PAD SPACE collations take 'x' and 'x ' as equal, and a change that
// only adds or removes trailing spaces must be written.
func deleteUnchanged(t target.Table, keys []string, stage string) string {
	var conds []string
	for _, c := range t.Columns {
		switch {
		case slices.Contains(keys, c.Name):
			q := quoteIdent(c.Name) // the plain = lets the join use the key
			conds = append(conds, fmt.Sprintf("r.%s = s.%s AND BINARY r.%s = BINARY s.%s", q, q, q, q))
		case c.Name != target.RunColumn:
			conds = append(conds, fmt.Sprintf("BINARY r.%s <=> BINARY s.%s", quoteIdent(c.Name), quoteIdent(c.Name)))
		}
	}
	return fmt.Sprintf("DELETE s FROM %s AS s JOIN %s AS r ON %s", quoteIdent(stage), quoteIdent(t.Name), strings.Join(conds, " AND "))
}

// updates renders the ON DUPLICATE KEY UPDATE list: every column from
// the staged row, the keys too, which may differ from the stored ones in
// trailing spaces only (see deleteUnchanged).
func updates(t target.Table) string {
	sets := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		sets[i] = fmt.Sprintf("%s = s.%s", quoteIdent(c.Name), quoteIdent(c.Name))
	}
	return strings.Join(sets, ", ")
}
