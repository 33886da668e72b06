package repository

import (
	"context"
)

// StagingTable returns the table a replace-mode load of t fills before the
// swap. Batches are appended to it in their own transactions (so a crashed
// run resumes), and ReplaceFromStaging swaps its content into t at once.
func StagingTable(t Table, pipeline string) Table {
	st := t
	st.Name = "_loader_replace_" + sanitize(pipeline)
	return st
}

// CreateStaging (re)creates the staging table of a replace-mode load as an
// empty table with t's columns and constraints (keys, unique indexes,
// NOT NULL, CHECK, foreign keys), so a row the swap would refuse is
// refused, and rejected, when its batch is written. Where DDL commits
// implicitly (MySQL) it commits what the session wrote before it and the
// session goes on in a new transaction: call it first in its scope.
func (sess *Session) CreateStaging(ctx context.Context, t, staging Table) error {
	return sess.store.drv.CreateStaging(ctx, sess.drvTx(), t, staging)
}

// DropStaging drops the staging table of a replace-mode load, if any. On
// MySQL the DROP commits the session's transaction implicitly.
func (sess *Session) DropStaging(ctx context.Context, staging Table) error {
	return sess.Exec(ctx, "DROP TABLE IF EXISTS "+sess.store.drv.Quote(staging.Name))
}

// ReplaceFromStaging replaces every row of t by the rows of staging and
// drops staging: readers see the old rows until the swap commits, then the
// new ones, never a mix. On PostgreSQL and SQLite the swap and the drop are
// in the session's transaction. On MySQL they are not one transaction: the
// rows are replaced in it, and the DROP that follows commits it implicitly
// (a crash before the drop leaves a staging table holding t's new rows,
// which swapping again changes nothing).
func (sess *Session) ReplaceFromStaging(ctx context.Context, t, staging Table) (int64, error) {
	return sess.store.drv.Swap(ctx, sess.drvTx(), t, staging)
}

func sanitize(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}
