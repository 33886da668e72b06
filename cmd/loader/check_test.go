package main

import (
	"context"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// dropSalesKey returns the statements that drop the primary key of
// transformed_sales_data; SQLite cannot drop a constraint, so there the
// table is rebuilt from its own CREATE TABLE text without it.
func dropSalesKey(t *testing.T, s *repository.Store) []string {
	t.Helper()
	switch s.Dialect() {
	case "postgres":
		return []string{"ALTER TABLE transformed_sales_data DROP CONSTRAINT transformed_sales_data_pkey"}
	case "mysql":
		return []string{"ALTER TABLE transformed_sales_data DROP PRIMARY KEY"}
	case "sqlite":
	default:
		t.Fatalf("no fixture for dialect %s", s.Dialect())
	}
	q := repository.ReadQuery{SQL: "SELECT name, sql FROM sqlite_master WHERE name = 'transformed_sales_data'", Key: "name", Limit: 1}
	_, rows, err := s.ReadPage(context.Background(), q, nil)
	if err != nil || len(rows) != 1 {
		t.Fatalf("reading the table's SQL: %v", err)
	}
	ddl := strings.Replace(rows[0][1].(string), "PRIMARY KEY", "", 1)
	return []string{strings.Replace(ddl, "transformed_sales_data", "sales_without_key", 1),
		"INSERT INTO sales_without_key SELECT * FROM transformed_sales_data",
		"DROP TABLE transformed_sales_data", "ALTER TABLE sales_without_key RENAME TO transformed_sales_data"}
}

// The case: with the primary key dropped by hand, `migrate check`
// used to say the schema matches.
func TestMigrateCheckNamesMissingPrimaryKey(t *testing.T) {
	bin := loaderBinary(t)
	dbtest.Each(t, func(t *testing.T, url string) {
		env := map[string]string{"LOADER_DATABASE_URL": url}
		mustRun(t, bin, env, "migrate", "up")
		mustRun(t, bin, env, "migrate", "check")
		ctx := context.Background()
		s, err := repository.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		err = s.Scope(ctx, func(sess *repository.Session) error { return sess.Exec(ctx, dropSalesKey(t, s)...) })
		if err != nil {
			t.Fatal(err)
		}
		r := startLoader(t, bin, env, "migrate", "check").wait()
		want := "transformed_sales_data: primary key (order_id) declared by TransformedSale is missing from the database; add a migration that adds it"
		if r.code != 1 || r.stdout != "drift: "+want+"\n" || !strings.Contains(r.stderr, "first "+want) {
			t.Fatalf("migrate check: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
		}
	})
}
