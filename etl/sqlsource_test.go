package etl_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	_ "github.com/warehouse-loader/loader/etl/source/sql" // the sql source kind
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

const sqlYAML = `
pipelines:
  transform:
    source:
      sql: {table: sales_data, key: id, page_size: 3, database: "%s"}
    target: transformed_sales_data
    mode: upsert
    columns: {order_id: order_id, sold_at: sold_at, quantity: quantity, sales_amount: sales_amount}
    steps:
      - dedupe: {keys: [order_id], keep: last}
      - fillna: {columns: [sales_amount], value: "0"}
      - cast: {column: sales_amount, to: decimal, scale: 2}
      - cast: {column: quantity, to: int}
      - cast: {column: sold_at, to: timestamp, format: "2006-01-02 15:04:05"}
      - bin: {column: sales_amount, into: sales_category, edges: ["100", "500"], labels: [Low, Medium, High]}
`

func insertRaw(t *testing.T, s *repository.Store, rows ...string) {
	t.Helper()
	for _, r := range rows {
		err := s.Scope(context.Background(), func(sess *repository.Session) error {
			return sess.Exec(context.Background(), "INSERT INTO sales_data (order_id, sold_at, quantity, sales_amount) VALUES "+r)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestSQLSourceIsIncremental(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		insertRaw(t, e.store, "('a', '2024-01-01 10:00:00', '1', '5')", "('b', '2024-01-01 10:00:00', '1', NULL)",
			"('a', '2024-01-01 10:00:00', '1', '150')", "('c', 'soon', '1', '1')")
		p := func() *etl.Pipeline { return e.pipeline(fmt.Sprintf(sqlYAML, ""), "transform", spec.Options{}) }
		res, err := e.run(p())
		if err != nil || res.Read != 4 || res.Rejected != 1 {
			t.Fatalf("first run %+v %v", res, err)
		}
		if got := fmt.Sprint(e.sales()); got != "[a=150.00/Medium b=0.00/Low]" {
			t.Fatalf("table %s", got)
		}
		res, err = e.run(p())
		if err != nil || res.Read != 0 {
			t.Fatalf("rerun on an unchanged table read %d: %v", res.Read, err)
		}
		insertRaw(t, e.store, "('d', '2024-02-01 00:00:00', '2', '900')", "('b', '2024-02-01 00:00:00', '2', '7')")
		res, err = e.run(p())
		if err != nil || res.Read != 2 {
			t.Fatalf("incremental run read %d: %v", res.Read, err)
		}
		if got := fmt.Sprint(e.sales()); got != "[a=150.00/Medium b=7.00/Low d=900.00/High]" {
			t.Fatalf("table %s", got)
		}
	})
}

func TestSQLSourceFromAnotherDatabase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		other := dbtest.SQLite(t)
		if dialectOf(url) == "sqlite" {
			other = dbtest.Postgres(t)
		}
		src := newEnv(t, other)
		insertRaw(t, src.store, "('x', '2024-01-01 10:00:00', '3', '99.99')", "('y', '2024-01-01 10:00:00', '3', '100.01')")
		e := newEnv(t, url)
		res, err := e.run(e.pipeline(fmt.Sprintf(sqlYAML, other), "transform", spec.Options{}))
		if err != nil || res.Loaded != 2 {
			t.Fatalf("%+v %v", res, err)
		}
		if got := fmt.Sprint(e.sales()); got != "[x=99.99/Low y=100.01/Medium]" {
			t.Fatalf("table %s", got)
		}
	})
}

// The checkpoint of a SQL source is kept for the database it read, not for
// the spelling of the URL: reached as localhost instead of 127.0.0.1, or
// with a parameter added, the rerun reads nothing.
func TestSQLSourceCheckpointSurvivesURLSpelling(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		insertRaw(t, e.store, "('a', '2024-01-01 10:00:00', '1', '5')", "('b', '2024-01-01 10:00:00', '1', '7')")
		if res, err := e.run(e.pipeline(fmt.Sprintf(sqlYAML, ""), "transform", spec.Options{})); err != nil || res.Read != 2 {
			t.Fatalf("first run %+v %v", res, err)
		}
		var respelled string
		switch d := dialectOf(url); d {
		case "sqlite":
			respelled = url + "?_busy_timeout=3000"
		case "postgres":
			respelled = strings.Replace(url, "127.0.0.1", "localhost", 1) + "&application_name=loader_test"
		case "mysql":
			respelled = strings.Replace(url, "mysql://", "mariadb://", 1) + "?timeout=30s"
		default:
			t.Fatalf("no fixture for dialect %s", d)
		}
		res, err := e.run(e.pipeline(fmt.Sprintf(sqlYAML, respelled), "transform", spec.Options{}))
		if err != nil || res.Read != 0 {
			t.Fatalf("rerun through %s read %d rows (%v), want 0", respelled, res.Read, err)
		}
	})
}

// A query that would write is refused, whether the write comes in with a
// ${VAR} value or hides in a function, and the database is unchanged.
func TestSQLSourceRefusesWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		ctx := context.Background()
		stmts := []string{"CREATE TABLE victim (id integer)", "INSERT INTO victim VALUES (1), (2)"}
		if dialectOf(url) == "postgres" {
			stmts = append(stmts, "CREATE FUNCTION wipe() RETURNS bigint LANGUAGE sql AS $$ DELETE FROM victim; SELECT 1::bigint $$")
		}
		if err := e.store.Scope(ctx, func(sess *repository.Session) error { return sess.Exec(ctx, stmts...) }); err != nil {
			t.Fatal(err)
		}
		insertRaw(t, e.store, "('a', '2024-01-01 10:00:00', '1', '5')")
		withQuery := func(q string) string {
			return strings.Replace(fmt.Sprintf(sqlYAML, ""), "table: sales_data", `query: "`+q+`"`, 1)
		}
		f, err := spec.Load(e.file("p.yaml", withQuery("SELECT * FROM sales_data WHERE order_id <> '${SKIP}'")),
			func(string) string { return "x'; DELETE FROM victim; SELECT '" })
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = f.Build(ctx, "transform", spec.Options{Targets: repository.NewTargets(e.store, models.All()...), Databases: repository.OpenDatabases(e.store)})
		if !errors.Is(err, repository.ErrOneStatement) || !strings.Contains(err.Error(), "must be one statement") {
			t.Fatalf("building a pipeline whose query holds a DELETE: %v, want ErrOneStatement", err)
		}
		if dialectOf(url) == "postgres" {
			res, err := e.run(e.pipeline(withQuery("SELECT s.*, wipe() AS w FROM sales_data s"), "transform", spec.Options{}))
			if !errors.Is(err, repository.ErrReadOnly) || !strings.Contains(err.Error(), "the sql source is read-only: ") || res.Loaded != 0 {
				t.Fatalf("run of a query calling a deleting function: %+v %v, want ErrReadOnly", res, err)
			}
		}
		_, rows, err := e.store.ReadPage(ctx, repository.ReadQuery{SQL: "SELECT count(*) AS n FROM victim", Key: "n", Limit: 1}, nil)
		if err != nil || rows[0][0] != int64(2) {
			t.Fatalf("victim after the refused writes: %v %v, want 2 rows", rows, err)
		}
	})
}
