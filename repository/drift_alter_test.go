package repository_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// alteration changes a migrated schema by hand, as an operator might.
type alteration struct {
	table string
	pg    string // the PostgreSQL statement
	// mysql are the MySQL statements; when empty, pg's.
	mysql []string
	// sqlite is the SQLite statement; when empty the table is rebuilt
	// (SQLite cannot drop or add constraints) from its CREATE TABLE text
	// with old replaced by new.
	sqlite, old, new string
}

// dropSalesPrimaryKey drops the primary key of transformed_sales_data.
var dropSalesPrimaryKey = alteration{table: "transformed_sales_data", pg: "ALTER TABLE transformed_sales_data DROP CONSTRAINT transformed_sales_data_pkey",
	mysql: []string{"ALTER TABLE transformed_sales_data DROP PRIMARY KEY"}, old: "NOT NULL PRIMARY KEY", new: "NOT NULL"}

func (a alteration) apply(t *testing.T, s *repository.Store) {
	t.Helper()
	ctx := context.Background()
	var stmts []string
	switch s.Dialect() {
	case "postgres":
		stmts = []string{a.pg}
	case "mysql":
		stmts = a.mysql
		if len(stmts) == 0 {
			stmts = []string{a.pg}
		}
	case "sqlite":
		stmts = []string{a.sqlite}
		if a.sqlite == "" {
			stmts = a.rebuild(t, s)
		}
	default:
		t.Fatalf("no fixture for dialect %s", s.Dialect())
	}
	if err := s.Scope(ctx, func(sess *repository.Session) error { return sess.Exec(ctx, stmts...) }); err != nil {
		t.Fatalf("altering %s: %v", a.table, err)
	}
}

// rebuild returns SQLite's table rebuild: create the changed table under
// a new name, copy the rows, drop the old one, rename, recreate indexes.
func (a alteration) rebuild(t *testing.T, s *repository.Store) []string {
	t.Helper()
	q := repository.ReadQuery{SQL: fmt.Sprintf("SELECT name, type, sql FROM sqlite_master WHERE tbl_name = '%s' AND sql IS NOT NULL", a.table), Key: "name", Limit: 100}
	_, rows, err := s.ReadPage(context.Background(), q, nil)
	if err != nil {
		t.Fatal(err)
	}
	var create string
	var indexes []string
	for _, r := range rows {
		if r[1] == "table" {
			create = r[2].(string)
		} else {
			indexes = append(indexes, r[2].(string))
		}
	}
	changed := strings.Replace(create, a.old, a.new, 1)
	if changed == create {
		t.Fatalf("%q is not in %s", a.old, create)
	}
	tmp := a.table + "_rebuilt"
	changed = strings.Replace(changed, "CREATE TABLE "+a.table, "CREATE TABLE "+tmp, 1)
	stmts := []string{changed, "INSERT INTO " + tmp + " SELECT * FROM " + a.table, "DROP TABLE " + a.table, "ALTER TABLE " + tmp + " RENAME TO " + a.table}
	return append(stmts, indexes...)
}

// driftLines returns the drift of every model, as `migrate check` prints it.
func driftLines(t *testing.T, s *repository.Store) []string {
	t.Helper()
	d, err := s.Drift(context.Background(), models.All()...)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(d))
	for i, x := range d {
		out[i] = x.String()
	}
	return out
}

// wantOneDrift fails unless drift is exactly one line holding every part.
func wantOneDrift(t *testing.T, drift []string, parts ...string) {
	t.Helper()
	if len(drift) != 1 {
		t.Fatalf("drift = %q; want one line with %q", drift, parts)
	}
	for _, p := range parts {
		if !strings.Contains(drift[0], p) {
			t.Errorf("drift %q lacks %q", drift[0], p)
		}
	}
}
