package source_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

const benchRows = 200_000

// writeBenchFile writes benchRows rows made by line to a file in dir.
func writeBenchFile(b *testing.B, name, head string, line func(i int) string) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(head)
	for i := range benchRows {
		w.WriteString(line(i))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// salesCSV is one row of a sales export, with a quoted field now and then.
func salesCSV(i int) string {
	note := ""
	if i%10 == 0 {
		note = `"gift, wrapped"`
	}
	return fmt.Sprintf("%d,2024-%02d-%02d,CUST-%05d,SKU-%04d,%d,%d.%02d,EUR,store-%d,%s\n",
		i, i%12+1, i%28+1, i%50000, i%9000, i%7+1, i%500, i%100, i%40, note)
}

func salesNDJSON(i int) string {
	return fmt.Sprintf(`{"id":%d,"day":"2024-%02d-%02d","customer":"CUST-%05d","sku":"SKU-%04d","qty":%d,"price":%d.%02d,"paid":true}`+"\n",
		i, i%12+1, i%28+1, i%50000, i%9000, i%7+1, i%500, i%100)
}

// drain reads every record of src and returns how many there were.
func drain(b *testing.B, src etl.Source) int {
	b.Helper()
	ctx := context.Background()
	if _, err := src.Open(ctx, etl.Checkpoint{}); err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	var rec etl.Record
	n := 0
	for ; ; n++ {
		if err := src.Next(ctx, &rec); errors.Is(err, io.EOF) {
			return n
		} else if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCSV(b *testing.B) {
	path := writeBenchFile(b, "sales.csv", "id,day,customer,sku,qty,price,currency,store,note\n", salesCSV)
	benchSource(b, func() (etl.Source, error) { return source.NewCSV(path, source.CSVOptions{}) })
}

func BenchmarkNDJSON(b *testing.B) {
	path := writeBenchFile(b, "sales.ndjson", "", salesNDJSON)
	benchSource(b, func() (etl.Source, error) { return source.NewJSON(path, source.JSONOptions{}) })
}

// benchSource reads the whole file once per iteration and reports rows/s.
func benchSource(b *testing.B, newSrc func() (etl.Source, error)) {
	b.Helper()
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		src, err := newSrc()
		if err != nil {
			b.Fatal(err)
		}
		if rows = drain(b, src); rows != benchRows {
			b.Fatalf("read %d rows, want %d", rows, benchRows)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
