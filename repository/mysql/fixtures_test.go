package mysql_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/warehouse-loader/loader/etl/target"
)

// sales describes transformed_sales_data as repository does.
var sales = target.Table{
	Name: "transformed_sales_data", Model: "TransformedSale", Keys: []string{"order_id"},
	Columns: []target.Column{
		{Name: "order_id", Kind: target.KindString, NotNull: true, MaxLen: 255},
		{Name: "sold_at", Kind: target.KindTime, NotNull: true},
		{Name: "customer", Kind: target.KindString},
		{Name: "product", Kind: target.KindString},
		{Name: "region", Kind: target.KindString},
		{Name: "quantity", Kind: target.KindInt, NotNull: true, Bits: 32},
		{Name: "sales_amount", Kind: target.KindDecimal, NotNull: true, Precision: 12, Scale: 2},
		{Name: "sales_category", Kind: target.KindString, NotNull: true},
		{Name: target.RunColumn, Kind: target.KindInt, NotNull: true, Bits: 64},
	},
}

// salesCount counts the rows of transformed_sales_data q sees.
func salesCount(t testing.TB, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) int {
	t.Helper()
	var n int
	if err := q.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM transformed_sales_data").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
