package parquetinfer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/etl/infer"
	"github.com/warehouse-loader/loader/etl/infer/parquetinfer"
)

// writeSchema writes a Parquet file of no rows with the columns of group.
func writeSchema(t *testing.T, group parquet.Group) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewWriter(f, parquet.NewSchema("t", group))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestColumns(t *testing.T) {
	cases := []struct {
		source string
		node   parquet.Node
		want   infer.Column
	}{
		{"Order ID", parquet.Int(64), infer.Column{Name: "order_id", Kind: infer.Integer, Bits: 64}},
		{"qty", parquet.Optional(parquet.Leaf(parquet.Int32Type)), infer.Column{Name: "qty", Kind: infer.Integer, Bits: 64, Nullable: true}},
		{"Amount", parquet.Decimal(2, 12, parquet.Int64Type), infer.Column{Name: "amount", Kind: infer.Decimal, Precision: 12, Scale: 2}},
		{"huge", parquet.Decimal(3, 40, parquet.ByteArrayType), infer.Column{Name: "huge", Kind: infer.Text}},
		{"big_count", parquet.Uint(64), infer.Column{Name: "big_count", Kind: infer.Decimal, Precision: 20}},
		{"ok", parquet.Leaf(parquet.BooleanType), infer.Column{Name: "ok", Kind: infer.Boolean}},
		{"ratio", parquet.Leaf(parquet.DoubleType), infer.Column{Name: "ratio", Kind: infer.Float}},
		{"SoldAt", parquet.Timestamp(parquet.Microsecond), infer.Column{Name: "sold_at", Kind: infer.Timestamp}},
		{"legacy_ts", parquet.Leaf(parquet.Int96Type), infer.Column{Name: "legacy_ts", Kind: infer.Timestamp}},
		{"day", parquet.Optional(parquet.Date()), infer.Column{Name: "day", Kind: infer.Date, Nullable: true}},
		{"name", parquet.String(), infer.Column{Name: "name", Kind: infer.Text}},
		{"color", parquet.Enum(), infer.Column{Name: "color", Kind: infer.Text}},
		{"uid", parquet.UUID(), infer.Column{Name: "uid", Kind: infer.Text}},
		{"at_time", parquet.Time(parquet.Millisecond), infer.Column{Name: "at_time", Kind: infer.Text}},
		{"tags", parquet.List(parquet.String()), infer.Column{Name: "tags", Kind: infer.Text}},
		{"attrs", parquet.Map(parquet.String(), parquet.Int(32)), infer.Column{Name: "attrs", Kind: infer.Text}},
		{"point", parquet.Optional(parquet.Group{"x": parquet.Leaf(parquet.DoubleType)}), infer.Column{Name: "point", Kind: infer.Text, Nullable: true}},
		{"ids", parquet.Repeated(parquet.Int(64)), infer.Column{Name: "ids", Kind: infer.Text, Nullable: true}},
	}
	group := parquet.Group{}
	want := map[string]infer.Column{}
	for _, c := range cases {
		group[c.source] = c.node
		c.want.Source = c.source
		want[c.source] = c.want
	}
	cols, err := parquetinfer.Columns(context.Background(), writeSchema(t, group))
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) != len(cases) {
		t.Fatalf("got %d columns, want %d", len(cols), len(cases))
	}
	for _, c := range cols {
		if w := want[c.Source]; !equal(c, w) {
			t.Errorf("%s: got %+v, want %+v", c.Source, c, w)
		}
	}
}

func equal(a, b infer.Column) bool {
	return a.Source == b.Source && a.Name == b.Name && a.Kind == b.Kind && a.Precision == b.Precision &&
		a.Scale == b.Scale && a.Bits == b.Bits && a.Nullable == b.Nullable && a.Layout == "" && a.Unit == ""
}

// Names that collide after snake_casing get unique ones, as for CSV.
func TestColumnsUniqueNames(t *testing.T) {
	path := writeSchema(t, parquet.Group{"Sold At": parquet.Int(64), "sold_at": parquet.Int(64)})
	cols, err := parquetinfer.Columns(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if cols[0].Name == cols[1].Name {
		t.Fatalf("both columns are named %s", cols[0].Name)
	}
}

// A file that is not Parquet says so.
func TestColumnsNotParquet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.parquet")
	if err := os.WriteFile(path, []byte("id,name\n1,a\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := parquetinfer.Columns(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "is not a Parquet file") {
		t.Fatalf("got %v, want a not-Parquet error", err)
	}
}
