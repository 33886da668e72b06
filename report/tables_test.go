package report_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/report"
	"github.com/warehouse-loader/loader/repository"
)

// The tables view counts each table's rows and each nullable column's
// NULLs; NOT NULL columns (keys included) show 0; a table not migrated
// yet has no rows and no columns.
func TestTablesCountsRowsAndNulls(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		run, err := s.StartRun(ctx, "tables-test")
		if err != nil {
			t.Fatal(err)
		}
		region := "North"
		rows := []models.TransformedSale{
			{OrderID: "a", SoldAt: time.Unix(0, 0).UTC(), Region: &region, Quantity: 1, SalesAmount: decimal.NewFromInt(1), SalesCategory: "Low", LoadRunID: run.ID},
			{OrderID: "b", SoldAt: time.Unix(0, 0).UTC(), Quantity: 1, SalesAmount: decimal.NewFromInt(1), SalesCategory: "Low", LoadRunID: run.ID},
			{OrderID: "c", SoldAt: time.Unix(0, 0).UTC(), Quantity: 1, SalesAmount: decimal.NewFromInt(1), SalesCategory: "Low", LoadRunID: run.ID},
		}
		if err := s.Scope(ctx, func(sess *repository.Session) error { return repository.Insert(ctx, sess, rows, 100) }); err != nil {
			t.Fatal(err)
		}
		rejects := []models.LoadReject{{LoadRunID: run.ID, Position: "line 2", Record: "{}", Reason: "bad"}, {LoadRunID: run.ID, Position: "line 3", Record: "{}", Reason: "bad"}}
		if err := s.Query(ctx, func(db *gorm.DB) error { return db.Create(&rejects).Error }); err != nil {
			t.Fatal(err)
		}
		if err := s.Query(ctx, func(db *gorm.DB) error { return db.Exec("DROP TABLE mongo_orders").Error }); err != nil {
			t.Fatal(err)
		}
		got, err := report.Tables(ctx, s, []any{&models.TransformedSale{}, &models.LoadReject{}, &models.MongoOrder{}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"transformed_sales_data 3 [{order_id 0} {sold_at 0} {customer 3} {product 3} {region 2} {quantity 0} {sales_amount 0} {sales_category 0} {load_run_id 0}]",
			"load_rejects 2 [{id 0} {load_run_id 0} {position 0} {record 0} {reason 0}]",
			"mongo_orders 0 []",
		}
		for i, tb := range got {
			if line := fmt.Sprintf("%s %d %v", tb.Name, tb.Rows, tb.Columns); i >= len(want) || line != want[i] {
				t.Errorf("table %d: %s", i, line)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%d tables, want %d", len(got), len(want))
		}
	})
}
