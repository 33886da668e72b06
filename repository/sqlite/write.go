package sqlite

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// Append writes rows with prepared multi-row INSERTs.
func (*Driver) Append(ctx context.Context, tx driver.Tx, t target.Table, rows [][]any) (int64, error) {
	return insertMulti(ctx, tx, t, rows, "")
}

// Upsert writes rows with multi-row INSERT … ON CONFLICT … DO UPDATE.
func (*Driver) Upsert(ctx context.Context, tx driver.Tx, t target.Table, keys []string, rows [][]any, _ bool) (int64, bool, error) {
	n, err := insertMulti(ctx, tx, t, rows, driver.OnConflict(t, keys))
	return n, false, err
}

// AsyncCommit does nothing: loads already run with synchronous=NORMAL in
// WAL mode.
func (*Driver) AsyncCommit(context.Context, driver.Tx) error { return nil }

var (
	createTable = regexp.MustCompile(`(?is)^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"[^"]*"|\S+?)\s*\(`)
	uniqueIndex = regexp.MustCompile(`(?is)^\s*CREATE\s+UNIQUE\s+INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"[^"]*"|\S+)\s+ON\s+(?:"[^"]*"|[^\s(]+)\s*(\(.*)$`)
)

// CreateStaging (re)creates staging as SQLite created t (its CREATE TABLE
// text under the new name) with its unique indexes.
func (*Driver) CreateStaging(ctx context.Context, tx driver.Tx, t, staging target.Table) error {
	create, err := likeTable(ctx, tx, t, staging)
	if err != nil {
		return fmt.Errorf("reading the definition of %s: %w", t.Name, mapError(err))
	}
	return driver.Exec(ctx, tx, classify, append([]string{"DROP TABLE IF EXISTS " + driver.QuoteIdent(staging.Name)}, create...)...)
}

func likeTable(ctx context.Context, tx driver.Tx, t, staging target.Table) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL ORDER BY type DESC", t.Name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []string
	for i := 0; rows.Next(); i++ {
		var typ, def string
		if err := rows.Scan(&typ, &def); err != nil {
			return nil, err
		}
		switch {
		case typ == "table" && createTable.MatchString(def):
			out = append(out, createTable.ReplaceAllLiteralString(def, "CREATE TABLE "+driver.QuoteIdent(staging.Name)+" ("))
		case typ == "index":
			if m := uniqueIndex.FindStringSubmatch(def); m != nil {
				out = append(out, fmt.Sprintf("CREATE UNIQUE INDEX %s ON %s %s", driver.QuoteIdent(fmt.Sprintf("%s_u%d", staging.Name, i)), driver.QuoteIdent(staging.Name), m[1]))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 || !strings.HasPrefix(out[0], "CREATE TABLE") {
		return []string{fmt.Sprintf("CREATE TABLE %s AS SELECT %s FROM %s WHERE 0", driver.QuoteIdent(staging.Name), driver.QuoteList(t.Names()), driver.QuoteIdent(t.Name))}, nil
	}
	return out, nil
}

// Swap deletes t's rows and copies staging's in, in the transaction.
func (*Driver) Swap(ctx context.Context, tx driver.Tx, t, staging target.Table) (int64, error) {
	return driver.SwapByCopy(ctx, tx, classify, t, staging)
}
