package repository

import (
	"context"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/etl/target"
)

// AppendRows inserts rows (values in t's column order, of the columns'
// kinds; nil is NULL) into t inside the session's transaction, by the
// driver's fastest path (COPY on PostgreSQL, prepared multi-row INSERTs on
// SQLite). It returns the number of rows written.
func (sess *Session) AppendRows(ctx context.Context, t Table, rows [][]any) (int64, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	return sess.store.drv.Append(ctx, sess.drvTx(), t, rows)
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
	return sess.store.drv.Upsert(ctx, sess.drvTx(), t, keys, rows, tryCopy)
}

// AsyncCommit lets the session's transaction commit without waiting for
// its WAL to reach disk (PostgreSQL's synchronous_commit = off, for this
// transaction only). A server crash can then lose the last transactions
// committed, never a part of one, and always a suffix: safe for batches
// that carry their own checkpoint, which a rerun redoes. No-op on SQLite,
// whose loads already run with synchronous=NORMAL in WAL mode.
func (sess *Session) AsyncCommit(ctx context.Context) error {
	return sess.store.drv.AsyncCommit(ctx, sess.drvTx())
}

// RunColumn is the bookkeeping column that names the run that wrote a row.
const RunColumn = target.RunColumn

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
