package driver

import (
	"context"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/etl/target"
)

// QuoteIdent quotes an identifier the standard way ("name").
func QuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// QuoteList quotes names and joins them with commas.
func QuoteList(names []string) string { return JoinQuoted(QuoteIdent, "", names) }

// Qualified quotes names, each prefixed with alias, joined with commas.
func Qualified(alias string, names []string) string { return JoinQuoted(QuoteIdent, alias+".", names) }

// JoinQuoted quotes names with quote (a driver's Quote), each after
// prefix, and joins them with commas.
func JoinQuoted(quote func(string) string, prefix string, names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = prefix + quote(n)
	}
	return strings.Join(q, ", ")
}

// OnConflict renders ON CONFLICT (keys) DO UPDATE SET every other column,
// only where a value differs (NULL-safe): a row reloaded unchanged is not
// rewritten, which spares PostgreSQL a dead tuple and its WAL, and keeps
// its load_run_id (the run that last changed it).
func OnConflict(t target.Table, keys []string) string {
	isKey := map[string]bool{}
	for _, k := range keys {
		isKey[k] = true
	}
	var sets, differs []string
	for _, c := range t.Columns {
		if isKey[c.Name] {
			continue
		}
		col := QuoteIdent(c.Name)
		sets = append(sets, fmt.Sprintf("%s = excluded.%s", col, col))
		if c.Name != target.RunColumn {
			differs = append(differs, fmt.Sprintf("%s.%s IS DISTINCT FROM excluded.%s", QuoteIdent(t.Name), col, col))
		}
	}
	if len(sets) == 0 {
		return fmt.Sprintf("ON CONFLICT (%s) DO NOTHING", QuoteList(keys))
	}
	q := fmt.Sprintf("ON CONFLICT (%s) DO UPDATE SET %s", QuoteList(keys), strings.Join(sets, ", "))
	if len(differs) > 0 {
		q += " WHERE " + strings.Join(differs, " OR ")
	}
	return q
}

// Exec runs statements in order on tx; the first failure stops it.
func Exec(ctx context.Context, tx Tx, classify func(error) error, statements ...string) error {
	for i, q := range statements {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("statement %d of %d: %w", i+1, len(statements), Map(err, classify))
		}
	}
	return nil
}

// SwapByCopy replaces every row of t by the rows of staging and drops
// staging, in tx: readers see the old rows until it commits, then the new
// ones, never a mix. It is Swap for databases with transactional DDL.
func SwapByCopy(ctx context.Context, tx Tx, classify func(error) error, t, staging target.Table) (int64, error) {
	cols := QuoteList(t.Names())
	if err := Exec(ctx, tx, classify, "DELETE FROM "+QuoteIdent(t.Name)); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", QuoteIdent(t.Name), cols, cols, QuoteIdent(staging.Name)))
	if err != nil {
		return 0, fmt.Errorf("replacing %s: %w", t.Name, Map(err, classify))
	}
	n, _ := res.RowsAffected()
	return n, Exec(ctx, tx, classify, "DROP TABLE "+QuoteIdent(staging.Name))
}
