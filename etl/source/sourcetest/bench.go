package sourcetest

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// WriteLines writes head and then rows lines made by line to name in a
// fresh temporary directory, and returns its path.
func WriteLines(b testing.TB, name, head string, rows int, line func(i int) string) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	_, _ = w.WriteString(head)
	for i := range rows {
		_, _ = w.WriteString(line(i))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// Bench reads a fresh source to the end once per iteration, checks it
// gave rows records, and reports rows/s.
func Bench(b *testing.B, newSrc New, rows int) {
	b.Helper()
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if n = drain(b, fresh(b, newSrc)); n != rows {
			b.Fatalf("read %d rows, want %d", n, rows)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// drain reads every record of src and returns how many there were.
func drain(b *testing.B, src etl.Source) int {
	b.Helper()
	ctx := context.Background()
	if _, err := src.Open(ctx, etl.Checkpoint{}); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = src.Close() }()
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
