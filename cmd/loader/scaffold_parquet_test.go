package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/testmod"
)

// pqOrder is a row of a Parquet file as pyarrow writes one (the key
// column OPTIONAL too): decimals of two scales, a timestamp in
// microseconds, a date, a boolean, integers, a float, text and a list.
type pqOrder struct {
	OrderID *int64   `parquet:"Order ID,optional"`
	Amount  *int64   `parquet:"Amount,decimal(2:12),optional"`
	Rate    int64    `parquet:"rate,decimal(6:18)"`
	SoldAt  *int64   `parquet:"SoldAt,timestamp(microsecond),optional"`
	Day     int32    `parquet:"day,date"`
	Paid    *bool    `parquet:"paid,optional"`
	Qty     int32    `parquet:"qty"`
	Score   float64  `parquet:"score"`
	Note    *string  `parquet:"note,optional"`
	Tags    []string `parquet:"tags,list"`
}

type pqOrderRow struct {
	OrderID int64
	Amount  decimal.NullDecimal
	Rate    decimal.NullDecimal
	SoldAt  *time.Time
	Day     time.Time
	Paid    *bool
	Qty     int64
	Score   float64
	Note    *string
	Tags    string
}

// TestScaffoldParquetLoop: loader scaffold --from a Parquet file takes the
// table from the file's schema; the model builds, and on every database
// the migrations apply, migrate check passes and the pipeline loads every
// row with exact decimals and timestamps, NULLs kept, without a hand edit.
func TestScaffoldParquetLoop(t *testing.T) {
	proj := testmod.Copy(t, filepath.Join("..", ".."))
	path := filepath.Join(proj, "data", "orders.parquet")
	writeLoopFile(t, path, "")
	rows := []pqOrder{
		{OrderID: ptr[int64](1), Amount: ptr[int64](123456789012), Rate: 1, SoldAt: ptr[int64](1700000000123456), Day: 19723,
			Paid: ptr(true), Qty: -5, Score: 1.5, Note: ptr("café"), Tags: []string{"a", "b"}},
		{OrderID: ptr[int64](2), Amount: nil, Rate: -2500000, SoldAt: nil, Day: 0, Paid: nil, Qty: 2147483647, Score: -0.25, Tags: []string{}},
		{OrderID: ptr[int64](3000000000), Amount: ptr[int64](-1), Rate: 0, SoldAt: ptr[int64](-1), Day: -1, Paid: ptr(false), Note: ptr("")},
	}
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	bin := loaderBinary(t)
	out := inProject(t, proj, bin, nil, "scaffold", "pq_orders", "--from", "data/orders.parquet", "--key", "Order ID")
	if !strings.Contains(out, "pq_orders: 10 columns, from the schema of data/orders.parquet") {
		t.Errorf("scaffold printed %q", out)
	}
	body, err := os.ReadFile(filepath.Join(proj, "pipelines.yaml"))
	_, entry, found := strings.Cut(string(body), "pq_orders:")
	if err != nil || !found || strings.Contains(entry, "cast:") {
		t.Errorf("the pipeline is missing or casts values the source types (%v):\n%s", err, body)
	}
	inProject(t, proj, "go", nil, "build", "-o", "bin/loader", "./cmd/loader")
	inProject(t, proj, "go", nil, "vet", "./models/")
	built := filepath.Join(proj, "bin", "loader")
	ts := func(us int64) *time.Time { v := time.UnixMicro(us).UTC(); return &v }
	want := []pqOrderRow{
		{1, exact("1234567890.12"), exact("0.000001"), ts(1700000000123456), *day("2024-01-01"), ptr(true), -5, 1.5, ptr("café"), `["a","b"]`},
		{2, decimal.NullDecimal{}, exact("-2.5"), nil, *day("1970-01-01"), nil, 2147483647, -0.25, nil, `[]`},
		{3000000000, exact("-0.01"), exact("0"), ts(-1), *day("1969-12-31"), ptr(false), 0, 0, ptr(""), `[]`},
	}
	dbtest.Each(t, func(t *testing.T, url string) {
		env := map[string]string{"LOADER_DATABASE_URL": url}
		inProject(t, proj, built, env, "migrate", "up")
		inProject(t, proj, built, env, "migrate", "check")
		if out := inProject(t, proj, built, env, "run", "pq_orders"); !strings.Contains(out, "3 read, 3 loaded, 0 rejected") {
			t.Errorf("run pq_orders: %s", out)
		}
		checkTable(t, url, "SELECT order_id, amount, rate, sold_at, day, paid, qty, score, note, tags FROM pq_orders ORDER BY order_id", want)
	})
}
