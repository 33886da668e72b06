package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// orderRow is a row of the Parquet file the tests scaffold from: every
// column OPTIONAL, as pyarrow writes them.
type orderRow struct {
	OrderID *int64   `parquet:"Order ID,optional"`
	Amount  *int64   `parquet:"amount,decimal(2:12),optional"`
	SoldAt  *int64   `parquet:"sold_at,timestamp(microsecond),optional"`
	Day     *int32   `parquet:"day,date,optional"`
	Paid    *bool    `parquet:"paid,optional"`
	Note    *string  `parquet:"note,optional"`
	Tags    []string `parquet:"tags,list"`
}

// writeOrders writes the rows as a Parquet file at path.
func writeOrders(t *testing.T, path string, rows []orderRow) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
}

func orders(ids ...int64) []orderRow {
	rows := make([]orderRow, len(ids))
	for i := range ids {
		amount, at := int64(1999), int64(1700000000123456)
		rows[i] = orderRow{OrderID: &ids[i], Amount: &amount, SoldAt: &at}
	}
	return rows
}

// A Parquet file's columns come from its schema: the pipeline reads it
// with the parquet source, with no cast or nullif step, and a decimal gets
// the precision the file declares.
func TestRunParquet(t *testing.T) {
	o := project(t)
	o.From = filepath.Join(o.Dir, "data", "orders.parquet")
	o.Name, o.Keys = "orders_pq", []string{"Order ID"}
	writeOrders(t, o.From, orders(1, 2, 3))
	res := mustRun(t, o)
	if !res.Sample.Typed || len(res.Sample.Columns) != 7 || res.Sample.Records != 3 {
		t.Fatalf("sample %+v", res.Sample)
	}
	body := read(t, o.Pipelines)
	for _, s := range []string{"parquet:\n        path: data/orders.parquet\n", "order_id: Order ID", "keys: [order_id]",
		"- validate: {column: order_id, not_null: true}"} {
		if !strings.Contains(body, s) {
			t.Errorf("pipeline file lacks %q:\n%s", s, body)
		}
	}
	_, entry, _ := strings.Cut(body, "orders_pq:")
	if strings.Contains(entry, "cast:") || strings.Contains(entry, "nullif:") {
		t.Errorf("the Parquet pipeline casts what the source types:\n%s", entry)
	}
	model := read(t, filepath.Join(o.Dir, "models", "orders_pq.go"))
	for _, s := range []string{"OrderID int64", "type:numeric(12,2)", "SoldAt  *time.Time", "type:date", "Paid    *bool", "Tags    string"} {
		if !strings.Contains(model, s) {
			t.Errorf("model lacks %q:\n%s", s, model)
		}
	}
}

// The --key columns of a Parquet file are checked on its first rows: a
// value that repeats, or a row without one, is refused.
func TestRunParquetKeys(t *testing.T) {
	cases := []struct {
		name string
		rows []orderRow
		keys []string
		want string
	}{
		{"repeats", orders(1, 2, 1), []string{"Order ID"}, `key "Order ID" repeats in the sample (value "1" at records 1 and 3)`},
		{"missing", append(orders(1), orderRow{}), []string{"order_id"}, "--key order_id: the sample has records without a value for it"},
		{"unknown", orders(1), []string{"nope"}, `--key nope: the file has no such column; its columns: "Order ID", "amount"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := project(t)
			o.From = filepath.Join(o.Dir, "data", "orders.parquet")
			o.Name, o.Keys = "orders_pq", c.keys
			writeOrders(t, o.From, c.rows)
			_, err := Run(t.Context(), o)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// A Parquet file is told by its magic whatever its extension; a file of
// no rows still has its columns.
func TestRunParquetMagic(t *testing.T) {
	o := project(t)
	o.From = filepath.Join(o.Dir, "data", "export.bin")
	o.Name = "exported"
	writeOrders(t, o.From, nil)
	res := mustRun(t, o)
	if !res.Sample.Typed || len(res.Sample.Columns) != 7 {
		t.Fatalf("sample %+v", res.Sample)
	}
	if body := read(t, o.Pipelines); !strings.Contains(body, "parquet:\n        path: data/export.bin\n") {
		t.Errorf("pipeline file lacks the parquet source:\n%s", body)
	}
}
