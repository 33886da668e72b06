package repository

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/internal/dburl"
)

// AppendRows inserts rows (values in t's column order, of the columns'
// kinds; nil is NULL) into t inside the session's transaction: COPY on
// PostgreSQL, prepared multi-row INSERTs on SQLite. It returns the number
// of rows written.
func (sess *Session) AppendRows(ctx context.Context, t Table, rows [][]any) (int64, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	if sess.Dialect() == dburl.Postgres {
		return sess.copyRows(ctx, t.Name, t.Names(), rows)
	}
	return sess.insertMulti(ctx, t, rows, "")
}

// UpsertRows writes rows into t, replacing the non-key columns of rows
// whose keys exist and differ; n counts the rows inserted or changed.
// Within one call, the last row of a key wins. On
// PostgreSQL the rows are copied into a temporary staging table, then
// merged with one INSERT … SELECT … ON CONFLICT; on SQLite with multi-row
// INSERT … ON CONFLICT … DO UPDATE.
//
// With tryCopy on PostgreSQL, the rows are first COPYed straight into t in
// a savepoint, the fast path while none of their keys exists yet; a unique
// violation rolls back to the savepoint and the rows take the merge path.
// copied reports whether the fast path held.
func (sess *Session) UpsertRows(ctx context.Context, t Table, keys []string, rows [][]any, tryCopy bool) (n int64, copied bool, err error) {
	if len(rows) == 0 {
		return 0, false, nil
	}
	if len(keys) == 0 {
		return 0, false, fmt.Errorf("upsert into %s: no key columns", t.Name)
	}
	if rows, err = lastPerKey(t, keys, rows); err != nil {
		return 0, false, err
	}
	if sess.Dialect() == dburl.SQLite {
		n, err = sess.insertMulti(ctx, t, rows, onConflict(t, keys))
		return n, false, err
	}
	if tryCopy {
		if n, ok, err := sess.copyIfNew(ctx, t, rows); ok || err != nil {
			return n, ok, err
		}
	}
	n, err = sess.mergeStaged(ctx, t, keys, rows)
	return n, false, err
}

// copyIfNew COPYs rows into t in a savepoint; ok is false, with nothing
// written, when a key already exists.
func (sess *Session) copyIfNew(ctx context.Context, t Table, rows [][]any) (n int64, ok bool, err error) {
	err = sess.Scope(ctx, func(sp *Session) error {
		n, err = sp.copyRows(ctx, t.Name, t.Names(), rows)
		return err
	})
	if errors.Is(err, ErrConflict) {
		return 0, false, nil
	}
	return n, err == nil, err
}

func (sess *Session) mergeStaged(ctx context.Context, t Table, keys []string, rows [][]any) (int64, error) {
	stage := quoteIdent("_loader_stage_" + t.Name)
	// The staging table lives as long as the connection and empties at
	// every commit; within a transaction it may hold the rows of an earlier
	// merge (a batch written in parts, in savepoints), so it is emptied.
	create := fmt.Sprintf("CREATE TEMP TABLE IF NOT EXISTS %s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", stage, quoteIdent(t.Name))
	if err := sess.Exec(ctx, create, "TRUNCATE "+stage); err != nil {
		return 0, err
	}
	if _, err := sess.copyRows(ctx, "_loader_stage_"+t.Name, t.Names(), rows); err != nil {
		return 0, err
	}
	q := fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s AS s WHERE NOT EXISTS (%s) %s",
		quoteIdent(t.Name), quoteList(t.Names()), qualified("s", t.Names()), stage, sameRow(t, keys), onConflict(t, keys))
	res, err := sess.tx.ExecContext(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("merging into %s: %w", t.Name, mapError(err))
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// AsyncCommit lets the session's transaction commit without waiting for
// its WAL to reach disk (PostgreSQL's synchronous_commit = off, for this
// transaction only). A server crash can then lose the last transactions
// committed, never a part of one, and always a suffix: safe for batches
// that carry their own checkpoint, which a rerun redoes. No-op on SQLite,
// whose loads already run with synchronous=NORMAL in WAL mode.
func (sess *Session) AsyncCommit(ctx context.Context) error {
	if sess.Dialect() != dburl.Postgres {
		return nil
	}
	return sess.Exec(ctx, "SET LOCAL synchronous_commit = off")
}

// RunColumn is the bookkeeping column that names the run that wrote a row.
const RunColumn = target.RunColumn

// onConflict renders ON CONFLICT (keys) DO UPDATE SET every other column,
// only where a value differs (NULL-safe): a row reloaded unchanged is not
// rewritten, which spares PostgreSQL a dead tuple and its WAL, and keeps
// its load_run_id (the run that last changed it).
func onConflict(t Table, keys []string) string {
	isKey := map[string]bool{}
	for _, k := range keys {
		isKey[k] = true
	}
	var sets, differs []string
	for _, c := range t.Columns {
		if isKey[c.Name] {
			continue
		}
		col := quoteIdent(c.Name)
		sets = append(sets, fmt.Sprintf("%s = excluded.%s", col, col))
		if c.Name != RunColumn {
			differs = append(differs, fmt.Sprintf("%s.%s IS DISTINCT FROM excluded.%s", quoteIdent(t.Name), col, col))
		}
	}
	if len(sets) == 0 {
		return fmt.Sprintf("ON CONFLICT (%s) DO NOTHING", quoteList(keys))
	}
	q := fmt.Sprintf("ON CONFLICT (%s) DO UPDATE SET %s", quoteList(keys), strings.Join(sets, ", "))
	if len(differs) > 0 {
		q += " WHERE " + strings.Join(differs, " OR ")
	}
	return q
}

// sameRow renders a subquery that finds, for staged row s, a row of t
// with the same key and the same values (but load_run_id): rows reloaded
// unchanged are filtered out by a read-only index lookup, before ON
// CONFLICT would lock them.
func sameRow(t Table, keys []string) string {
	var conds []string
	for _, k := range keys {
		conds = append(conds, fmt.Sprintf("r.%s = s.%s", quoteIdent(k), quoteIdent(k)))
	}
	for _, c := range t.Columns {
		if !slices.Contains(keys, c.Name) && c.Name != RunColumn {
			conds = append(conds, fmt.Sprintf("r.%s IS NOT DISTINCT FROM s.%s", quoteIdent(c.Name), quoteIdent(c.Name)))
		}
	}
	return fmt.Sprintf("SELECT 1 FROM %s AS r WHERE %s", quoteIdent(t.Name), strings.Join(conds, " AND "))
}

func qualified(alias string, names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = alias + "." + quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

// lastPerKey drops every row whose key appears again later in rows, so a
// single statement never touches a key twice.
func lastPerKey(t Table, keys []string, rows [][]any) ([][]any, error) {
	idx := make([]int, len(keys))
	for i, k := range keys {
		if idx[i] = t.Index(k); idx[i] < 0 {
			return nil, fmt.Errorf("upsert into %s: key %q is not one of its columns", t.Name, k)
		}
	}
	last := make(map[string]int, len(rows))
	var b strings.Builder
	for i, r := range rows {
		last[rowKey(&b, r, idx)] = i
	}
	if len(last) == len(rows) {
		return rows, nil
	}
	out := make([][]any, 0, len(last))
	for i, r := range rows {
		if last[rowKey(&b, r, idx)] == i {
			out = append(out, r)
		}
	}
	return out, nil
}

// rowKey renders the key columns of a row; a single text key is used as is.
func rowKey(b *strings.Builder, r []any, idx []int) string {
	if len(idx) == 1 {
		if s, ok := r[idx[0]].(string); ok {
			return s
		}
	}
	b.Reset()
	for _, j := range idx {
		fmt.Fprint(b, r[j], "\x00")
	}
	return b.String()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}
