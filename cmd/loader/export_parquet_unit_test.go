package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl"
	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
	"github.com/warehouse-loader/loader/repository"
)

// readParquet reads the file at path back with the project's parquet
// source: its column names and its rows, each value as rawText writes it.
func readParquet(t *testing.T, path string) ([]string, []string) {
	t.Helper()
	ctx := context.Background()
	src, err := parquetsource.New(path, parquetsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = src.Close() }()
	cols, err := src.Open(ctx, etl.Checkpoint{})
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for {
		var rec etl.Record
		err := src.Next(ctx, &rec)
		if errors.Is(err, io.EOF) {
			return cols.Names(), rows
		}
		if err != nil {
			t.Fatalf("reading %s back: %v", path, err)
		}
		parts := make([]string, len(rec.Raw))
		for i, v := range rec.Raw {
			parts[i] = rawText(v)
		}
		rows = append(rows, strings.Join(parts, " | "))
	}
}

// rawText writes a value the parquet source read with its type: NULL,
// dec(scale):digits, int:, float:, bool:, time: (RFC 3339, its zone) and
// quoted text.
func rawText(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case decimal.Decimal:
		return fmt.Sprintf("dec(%d):%s", -x.Exponent(), x.StringFixed(-x.Exponent()))
	case int64:
		return fmt.Sprintf("int:%d", x)
	case float64:
		return fmt.Sprintf("float:%v", x)
	case bool:
		return fmt.Sprintf("bool:%v", x)
	case time.Time:
		return "time:" + x.Format(time.RFC3339Nano)
	case string:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprintf("%T:%v", v, v)
}

// parquetTypes lists the leaf columns of the file at path: name, OPTIONAL
// or not, physical and logical type.
func parquetTypes(t *testing.T, path string) []string {
	t.Helper()
	f := openParquet(t, path)
	var out []string
	for _, c := range f.Root().Columns() {
		typ, opt := c.Type(), "required"
		if c.Optional() {
			opt = "optional"
		}
		logical := "-"
		if lt := typ.LogicalType(); lt != nil {
			logical = lt.String()
		}
		out = append(out, fmt.Sprintf("%s %s %s %s", c.Name(), opt, typ.Kind(), logical))
	}
	return out
}

// openParquet opens the file at path with parquet-go.
func openParquet(t *testing.T, path string) *parquet.File {
	t.Helper()
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	info, err := r.Stat()
	if err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(r, info.Size())
	if err != nil {
		t.Fatalf("%s is no Parquet file parquet-go reads: %v", path, err)
	}
	return f
}

// writeParquetExport writes rows (cells of text, "<nil>" for NULL) of
// cols with a parquetWriter cutting row groups at maxBytes, to a file.
func writeParquetExport(t *testing.T, cols []repository.ExportColumn, rows [][]string, maxBytes int64) (string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	buf := bufio.NewWriter(f)
	w := newParquetWriter(buf)
	w.maxBytes = maxBytes
	if err := w.head(cols); err != nil {
		return path, err
	}
	cells := make([]repository.Cell, len(cols))
	for _, r := range rows {
		for i, text := range r {
			cells[i] = repository.Cell{Text: text, Null: text == "<nil>"}
			if cells[i].Null {
				cells[i].Text = ""
			}
		}
		if err := w.row(cells); err != nil {
			return path, err
		}
	}
	if err := w.flush(); err != nil {
		return path, err
	}
	return path, buf.Flush()
}

// decimalCol is a KindDecimal column of precision p and scale s.
func decimalCol(name string, p, s int) repository.ExportColumn {
	return repository.ExportColumn{Name: name, Kind: repository.KindDecimal, Known: true, Precision: p, Scale: s}
}

// TestParquetWriterDecimals: decimals of every width are written exactly
// (INT32, INT64, then the fewest bytes of two's complement), the largest
// and smallest of their precision included; a decimal of unknown scale
// is text; the column order is the export's, not sorted.
func TestParquetWriterDecimals(t *testing.T) {
	cols := []repository.ExportColumn{
		decimalCol("z_small", 9, 2), decimalCol("m_mid", 18, 4), decimalCol("a_wide", 38, 10), decimalCol("b_wider", 60, 0),
		{Name: "loose", Kind: repository.KindDecimal, Known: true, Scale: -1},
	}
	rows := [][]string{
		{"9999999.99", "99999999999999.9999", "9999999999999999999999999999.9999999999", strings.Repeat("9", 60), "1.50"},
		{"-9999999.99", "-99999999999999.9999", "-9999999999999999999999999999.9999999999", "-" + strings.Repeat("9", 60), "-0"},
		{"-0.01", "0.0001", "-0.0000000001", "-1", "<nil>"},
		{"0.00", "-0.0001", "12345678901234567890.0123456789", "0", "1e3"},
	}
	path, err := writeParquetExport(t, cols, rows, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	names, got := readParquet(t, path)
	if strings.Join(names, ",") != "z_small,m_mid,a_wide,b_wider,loose" {
		t.Fatalf("columns %v: want the export's order", names)
	}
	want := []string{
		`dec(2):9999999.99 | dec(4):99999999999999.9999 | dec(10):9999999999999999999999999999.9999999999 | dec(0):` + strings.Repeat("9", 60) + ` | "1.50"`,
		`dec(2):-9999999.99 | dec(4):-99999999999999.9999 | dec(10):-9999999999999999999999999999.9999999999 | dec(0):-` + strings.Repeat("9", 60) + ` | "-0"`,
		`dec(2):-0.01 | dec(4):0.0001 | dec(10):-0.0000000001 | dec(0):-1 | NULL`,
		`dec(2):0.00 | dec(4):-0.0001 | dec(10):12345678901234567890.0123456789 | dec(0):0 | "1e3"`,
	}
	sameRows(t, "read back", want, got)
	wantTypes := []string{
		"z_small optional INT32 DECIMAL(9,2)", "m_mid optional INT64 DECIMAL(18,4)",
		"a_wide optional FIXED_LEN_BYTE_ARRAY DECIMAL(38,10)", "b_wider optional FIXED_LEN_BYTE_ARRAY DECIMAL(60,0)",
		"loose optional BYTE_ARRAY STRING",
	}
	sameRows(t, "types", wantTypes, parquetTypes(t, path))
}

// TestDecimalBytes: the fewest bytes that hold every integer of p digits
// in two's complement (the Parquet specification's table).
func TestDecimalBytes(t *testing.T) {
	for p, want := range map[int]int{1: 1, 2: 1, 3: 2, 9: 4, 18: 8, 19: 9, 38: 16, 39: 17, 1000: 416} {
		if got := decimalBytes(p); got != want {
			t.Errorf("decimalBytes(%d) = %d, want %d", p, got, want)
		}
	}
}

// TestParquetWriterRefusals: a value its column's type cannot hold, and
// a result no Parquet file can hold, are one-line errors saying what to
// do.
func TestParquetWriterRefusals(t *testing.T) {
	at := repository.ExportColumn{Name: "at", Kind: repository.KindTime, Known: true, Scale: -1}
	for _, tc := range []struct {
		name string
		cols []repository.ExportColumn
		rows [][]string
		want string
	}{
		{"too many digits", []repository.ExportColumn{decimalCol("amount", 12, 2)}, [][]string{{"1.00"}, {"12345678901.00"}},
			`row 2, column amount: "12345678901.00" is more than the 12 digits of DECIMAL(12,2), which its Parquet column (DECIMAL(12,2)) cannot hold: fix the value, or export the column as text`},
		{"too many decimals", []repository.ExportColumn{decimalCol("amount", 12, 2)}, [][]string{{"1.001"}},
			`"1.001" is more than the 2 digits after the point of DECIMAL(12,2)`},
		{"no timestamp", []repository.ExportColumn{at}, [][]string{{"yesterday"}},
			`row 1, column at: "yesterday" is not a timestamp, which its Parquet column (TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)) cannot hold`},
		{"long value cut", []repository.ExportColumn{at}, [][]string{{strings.Repeat("x", 100)}},
			`"` + strings.Repeat("x", 40) + `…" is not a timestamp`},
		{"same names", []repository.ExportColumn{at, at}, nil,
			"the result has two columns named at, which one Parquet file cannot hold: give them distinct names (AS) in the query"},
		{"no columns", nil, nil, "the result has no columns, which a Parquet file cannot hold: select at least one column"},
	} {
		_, err := writeParquetExport(t, tc.cols, tc.rows, 1<<20)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v; want one line with %q", tc.name, err, tc.want)
		}
	}
}

// TestParquetWriterRowGroupBytes: a row group ends once its values reach
// the byte bound, before the row bound; invalid UTF-8 text is written
// with U+FFFD, and NULL stays distinct from empty text.
func TestParquetWriterRowGroupBytes(t *testing.T) {
	cols := []repository.ExportColumn{{Name: "note", Kind: repository.KindString, Known: true, Scale: -1}}
	var rows [][]string
	for i := range 1000 {
		rows = append(rows, []string{fmt.Sprintf("%099d", i)})
	}
	rows = append(rows, []string{"bad \xff\xfe"}, []string{""}, []string{"<nil>"})
	path, err := writeParquetExport(t, cols, rows, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	groups := openParquet(t, path).RowGroups()
	if len(groups) != 10 || groups[0].NumRows() != 102 {
		t.Fatalf("%d row groups, the first of %d rows: want 10 (1,003 rows), of 102 rows (10,000 bytes of 99-byte values)", len(groups), groups[0].NumRows())
	}
	_, got := readParquet(t, path)
	if n := len(got); n != 1003 || got[0] != `"`+fmt.Sprintf("%099d", 0)+`"` || got[1000] != "\"bad \ufffd\ufffd\"" || got[1001] != `""` || got[1002] != "NULL" {
		t.Fatalf("%d rows read back; the last: %q", n, got[max(0, n-3):])
	}
}
