package repository

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/internal/dburl"
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
// empty table with t's columns.
func (sess *Session) CreateStaging(ctx context.Context, t, staging Table) error {
	create := fmt.Sprintf("CREATE TABLE %s (LIKE %s INCLUDING DEFAULTS)", quoteIdent(staging.Name), quoteIdent(t.Name))
	if sess.Dialect() == dburl.SQLite {
		create = fmt.Sprintf("CREATE TABLE %s AS SELECT %s FROM %s WHERE 0", quoteIdent(staging.Name), quoteList(t.Names()), quoteIdent(t.Name))
	}
	return sess.Exec(ctx, "DROP TABLE IF EXISTS "+quoteIdent(staging.Name), create)
}

// ReplaceFromStaging replaces every row of t by the rows of staging and
// drops staging, in the session's transaction: readers see the old rows
// until it commits, then the new ones, never a mix.
func (sess *Session) ReplaceFromStaging(ctx context.Context, t, staging Table) (int64, error) {
	cols := quoteList(t.Names())
	if err := sess.Exec(ctx, "DELETE FROM "+quoteIdent(t.Name)); err != nil {
		return 0, err
	}
	res, err := sess.tx.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s", quoteIdent(t.Name), cols, cols, quoteIdent(staging.Name)))
	if err != nil {
		return 0, fmt.Errorf("replacing %s: %w", t.Name, mapError(err))
	}
	n, _ := res.RowsAffected()
	return n, sess.Exec(ctx, "DROP TABLE "+quoteIdent(staging.Name))
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
