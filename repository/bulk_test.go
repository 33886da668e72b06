package repository_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/drivers"
)

func TestReadPage(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		ctx := context.Background()
		err := s.Scope(ctx, func(sess *repository.Session) error {
			return sess.Exec(ctx,
				"INSERT INTO sales_data (order_id, sales_amount) VALUES ('1', '10.50'), ('2', NULL), ('3', 'x')",
				"INSERT INTO transformed_sales_data (order_id, sold_at, quantity, sales_amount, sales_category, load_run_id) VALUES ('q', '2024-01-01 00:00:00', 1, 12.30, 'Low', 1)")
		})
		if err != nil {
			t.Fatal(err)
		}
		cols, rows, err := s.ReadPage(ctx, repository.ReadQuery{Table: "sales_data", Key: "id", Limit: 2}, nil)
		if err != nil || len(rows) != 2 || cols[0] != "id" {
			t.Fatalf("page 1: %v %v %v", cols, rows, err)
		}
		// Resume from a cursor stored as text, as load_state keeps it.
		_, rows, err = s.ReadPage(ctx, repository.ReadQuery{Table: "sales_data", Key: "id", Limit: 2}, fmt.Sprint(rows[1][0]))
		if err != nil || len(rows) != 1 || rows[0][1] != "3" {
			t.Fatalf("page 2: %v %v", rows, err)
		}
		_, rows, err = s.ReadPage(ctx, repository.ReadQuery{SQL: "SELECT order_id, sales_amount FROM transformed_sales_data", Key: "order_id", Limit: 10}, nil)
		if err != nil || len(rows) != 1 {
			t.Fatalf("query page: %v %v", rows, err)
		}
		if d, err := decimal.NewFromString(fmt.Sprint(rows[0][1])); err != nil || d.StringFixed(2) != "12.30" {
			t.Fatalf("numeric read back as %T %v", rows[0][1], rows[0][1])
		}
	})
}

func dialectOf(url string) string {
	d, _, err := drivers.Parse(url)
	if err != nil {
		panic(err)
	}
	return d.Name()
}
