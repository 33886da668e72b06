package etl_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl"
	csvsource "github.com/warehouse-loader/loader/etl/source/csv"
	"github.com/warehouse-loader/loader/models"
)

func mustCSV(t *testing.T, path string) etl.Source {
	t.Helper()
	src, err := csvsource.NewCSV(path, csvsource.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// salesFromView maps a raw CSV record to the typed model, rejecting what
// does not parse.
func salesFromView(v etl.View) (models.TransformedSale, error) {
	var s models.TransformedSale
	s.OrderID, _ = v.Text("order_id")
	at, _ := v.Text("sold_at")
	when, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return s, etl.Rejectf("sold_at %q is not RFC 3339", at)
	}
	q, _ := v.Text("quantity")
	n, err := strconv.ParseInt(q, 10, 32)
	if err != nil {
		return s, etl.Rejectf("quantity %q is not a whole number", q)
	}
	a, _ := v.Text("sales_amount")
	amount, err := decimal.NewFromString(a)
	if err != nil {
		return s, etl.Rejectf("sales_amount %q is not a decimal", a)
	}
	s.SoldAt, s.Quantity, s.SalesAmount = when, int32(n), amount
	s.SalesCategory = "High"
	if amount.LessThanOrEqual(decimal.NewFromInt(100)) {
		s.SalesCategory = "Low"
	} else if amount.LessThanOrEqual(decimal.NewFromInt(500)) {
		s.SalesCategory = "Medium"
	}
	return s, nil
}
