package etl_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// BenchmarkConform conforms one transformed sales row the way the producer
// does after the steps: text values, a decimal amount from a cast step, a
// whole quantity, a timestamp; and the same row as text straight from a
// source, which conform parses itself.
func BenchmarkConform(b *testing.B) {
	url := dbtest.SQLite(b)
	store, err := repository.Open(context.Background(), url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = store.Close() })
	table, err := store.TableOf(&models.TransformedSale{})
	if err != nil {
		b.Fatal(err)
	}
	cols := etl.MustColumns("order_id", "sold_at", "customer", "product", "region", "quantity", "sales_amount", "sales_category")
	conform, err := etl.Conformer(cols, table)
	if err != nil {
		b.Fatal(err)
	}
	typed := etl.Row{"o-10001", time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC), "Ada Lovelace", "Widget", "North",
		int64(3), decimal.New(12345, -2), "Medium"}
	text := etl.Row{"o-10001", "2024-03-01T12:30:00Z", "Ada Lovelace", "Widget", "North", "3", "123.45", "Medium"}
	for _, bc := range []struct {
		name string
		row  etl.Row
	}{{"typed", typed}, {"text", text}} {
		b.Run(bc.name, func(b *testing.B) {
			out := make([]any, len(table.Columns))
			b.ReportAllocs()
			for b.Loop() {
				if err := conform(bc.row, out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
