package repository

import (
	"context"
	"fmt"
	"regexp"
	"strings"

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
// empty table with t's columns and constraints (keys, unique indexes,
// NOT NULL, CHECK, foreign keys), so a row the swap would refuse is
// refused, and rejected, when its batch is written.
func (sess *Session) CreateStaging(ctx context.Context, t, staging Table) error {
	var create []string
	var err error
	if sess.Dialect() == dburl.SQLite {
		create, err = sess.sqliteLike(ctx, t, staging)
	} else {
		create, err = sess.postgresLike(ctx, t, staging)
	}
	if err != nil {
		return err
	}
	if err := sess.DropStaging(ctx, staging); err != nil {
		return err
	}
	return sess.Exec(ctx, create...)
}

// postgresLike returns the statements that create staging like t: LIKE
// … INCLUDING ALL copies the columns, keys, indexes and CHECKs; the
// foreign keys, which LIKE leaves out, are added one by one.
func (sess *Session) postgresLike(ctx context.Context, t, staging Table) ([]string, error) {
	var fks []string
	err := sess.Gorm(ctx).Raw("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype = 'f' ORDER BY conname", quoteIdent(t.Name)).Scan(&fks).Error
	if err != nil {
		return nil, fmt.Errorf("reading the foreign keys of %s: %w", t.Name, mapError(err))
	}
	out := []string{fmt.Sprintf("CREATE TABLE %s (LIKE %s INCLUDING ALL)", quoteIdent(staging.Name), quoteIdent(t.Name))}
	for _, fk := range fks {
		out = append(out, fmt.Sprintf("ALTER TABLE %s ADD %s", quoteIdent(staging.Name), fk))
	}
	return out, nil
}

var (
	sqliteCreateTable = regexp.MustCompile(`(?is)^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"[^"]*"|\S+?)\s*\(`)
	sqliteUniqueIndex = regexp.MustCompile(`(?is)^\s*CREATE\s+UNIQUE\s+INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"[^"]*"|\S+)\s+ON\s+(?:"[^"]*"|[^\s(]+)\s*(\(.*)$`)
)

// sqliteLike returns the statements that create staging as SQLite
// created t (its CREATE TABLE text under the new name) and its unique
// indexes.
func (sess *Session) sqliteLike(ctx context.Context, t, staging Table) ([]string, error) {
	var defs []struct{ Type, SQL string }
	err := sess.Gorm(ctx).Raw("SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL ORDER BY type DESC", t.Name).Scan(&defs).Error
	if err != nil {
		return nil, fmt.Errorf("reading the definition of %s: %w", t.Name, mapError(err))
	}
	var out []string
	for i, d := range defs {
		switch {
		case d.Type == "table" && sqliteCreateTable.MatchString(d.SQL):
			out = append(out, sqliteCreateTable.ReplaceAllLiteralString(d.SQL, "CREATE TABLE "+quoteIdent(staging.Name)+" ("))
		case d.Type == "index":
			if m := sqliteUniqueIndex.FindStringSubmatch(d.SQL); m != nil {
				out = append(out, fmt.Sprintf("CREATE UNIQUE INDEX %s ON %s %s", quoteIdent(fmt.Sprintf("%s_u%d", staging.Name, i)), quoteIdent(staging.Name), m[1]))
			}
		}
	}
	if len(out) == 0 || !strings.HasPrefix(out[0], "CREATE TABLE") {
		return []string{fmt.Sprintf("CREATE TABLE %s AS SELECT %s FROM %s WHERE 0", quoteIdent(staging.Name), quoteList(t.Names()), quoteIdent(t.Name))}, nil
	}
	return out, nil
}

// DropStaging drops the staging table of a replace-mode load, if any.
func (sess *Session) DropStaging(ctx context.Context, staging Table) error {
	return sess.Exec(ctx, "DROP TABLE IF EXISTS "+quoteIdent(staging.Name))
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
