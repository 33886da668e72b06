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
// refused, and rejected, when its batch is written.
func (sess *Session) CreateStaging(ctx context.Context, t, staging Table) error {
	return sess.store.drv.CreateStaging(ctx, sess.drvTx(), t, staging)
}

// DropStaging drops the staging table of a replace-mode load, if any.
func (sess *Session) DropStaging(ctx context.Context, staging Table) error {
	return sess.Exec(ctx, "DROP TABLE IF EXISTS "+sess.store.drv.Quote(staging.Name))
}

// ReplaceFromStaging replaces every row of t by the rows of staging and
// drops staging, in the session's transaction: readers see the old rows
// until it commits, then the new ones, never a mix.
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
