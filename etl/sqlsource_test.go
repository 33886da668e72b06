package etl_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
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
