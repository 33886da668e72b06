package parquetsource_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

func newSource(t *testing.T, path string) etl.Source {
	t.Helper()
	src, err := parquetsource.New(path, parquetsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// A checkpoint at a row group's boundary and inside a row group resumes
// there: no row lost or read twice; the cursor names the row group and
// row; Size and Done count rows.
func TestResumeInRowGroups(t *testing.T) {
	path := writeKit(t, records(350)) // row groups of 100, 100, 100, 50
	f, _ := os.Open(path)
	pf, err := parquet.OpenFile(f, func() int64 { fi, _ := f.Stat(); return fi.Size() }())
	if err != nil || len(pf.RowGroups()) != 4 {
		t.Fatalf("the file has %v row groups (%v), want 4", len(pf.RowGroups()), err)
	}
	_ = f.Close()
	all, _ := sourcetest.ReadAll(t, newSource(t, path))
	for _, tc := range []struct {
		after  int
		cursor string
	}{{100, "pq1:1:0:"}, {250, "pq1:2:50:"}, {349, "pq1:3:49:"}, {350, "pq1:4:0:"}} {
		src := newSource(t, path)
		sourcetest.Open(t, src, etl.Checkpoint{})
		first, cp, err := sourcetest.ReadN(t, src, tc.after)
		if err != nil || !strings.HasPrefix(cp.Cursor, tc.cursor) || cp.Records != int64(tc.after) {
			t.Fatalf("after %d: checkpoint %+v, %v; want cursor %s…", tc.after, cp, err, tc.cursor)
		}
		sized := src.(etl.Sized)
		if sized.Size() != 350 || sized.Done() != int64(tc.after) {
			t.Errorf("after %d: size %d, done %d", tc.after, sized.Size(), sized.Done())
		}
		again := newSource(t, path)
		sourcetest.Open(t, again, cp)
		rest, _, err := sourcetest.ReadN(t, again, -1)
		if err != nil || !slices.EqualFunc(slices.Concat(first, rest), all, func(a, b sourcetest.Read) bool { return a.N == b.N && a.Raw[0] == b.Raw[0] }) {
			t.Errorf("after %d: %d + %d records, %v; want %d in order", tc.after, len(first), len(rest), err, len(all))
		}
	}
}

// A file rewritten after a checkpoint (another footer) refuses it with
// etl.ErrSourceChanged, unless the checkpoint is trusted.
func TestRewrittenFile(t *testing.T) {
	path := writeKit(t, records(300))
	src := newSource(t, path)
	sourcetest.Open(t, src, etl.Checkpoint{})
	_, cp, _ := sourcetest.ReadN(t, src, 150)
	writeParquet(t, path, kitSchema, kitRows(t, strings.Replace(records(300), "200|row 200", "200|row two hundred", 1)))
	_, err := newSource(t, path).Open(t.Context(), cp)
	if !errors.Is(err, etl.ErrSourceChanged) || !strings.Contains(err.Error(), "footer") {
		t.Fatalf("Open of a rewritten file = %v, want etl.ErrSourceChanged", err)
	}
	cp.Trust = true
	trusted := newSource(t, path)
	sourcetest.Open(t, trusted, cp)
	if rest, _, err := sourcetest.ReadN(t, trusted, -1); err != nil || len(rest) != 150 || rest[0].N != 151 {
		t.Errorf("trusted resume: %d records, %v", len(rest), err)
	}
}

// A file that is not Parquet, or is cut short, fails Open with one line
// naming the file and what to do.
func TestNotParquet(t *testing.T) {
	for _, tc := range []struct{ content, want string }{
		{"raw:id,v\n1,a\n", "is not a Parquet file (no PAR1 magic at its start); check the path"},
		{"raw:", "is not a Parquet file (no PAR1 magic at its start)"},
		{"cut:" + records(300), "is not a complete Parquet file (no PAR1 magic and footer at its end"},
		{"raw:PAR1\xff\xff\xff\xff\x04\x00\x00\x00PAR1", "its footer (the file metadata) cannot be read"},
	} {
		path := writeKit(t, tc.content)
		_, err := newSource(t, path).Open(t.Context(), etl.Checkpoint{})
		if !errors.Is(err, parquetsource.ErrNotParquet) || !errors.Is(err, source.ErrMalformed) ||
			!strings.HasPrefix(err.Error(), path) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%.20q: Open = %v, want %q", tc.content, err, tc.want)
		}
	}
}

// Columns pick and order the top-level columns; an unknown one is an
// error naming it and the file's columns.
func TestColumns(t *testing.T) {
	path := writeKit(t, "1|a\n2|\xff\n")
	src, _ := parquetsource.New(path, parquetsource.Options{Columns: []string{"v", "id"}})
	sourcetest.CheckRecords(t, src, []string{"v", "id"}, []sourcetest.Read{
		{N: 1, Raw: sourcetest.Row("a", int64(1))},
		{N: 2, Raw: sourcetest.Row("<nil>", int64(2)), Reject: "column v: 1 bytes that are not valid UTF-8 text (it has no logical type and is read as UTF-8 text); convert the column to text, or leave it out of the source's columns"},
	})
	bad, _ := parquetsource.New(path, parquetsource.Options{Columns: []string{"id", "w"}})
	_, err := bad.Open(t.Context(), etl.Checkpoint{})
	if !errors.Is(err, source.ErrHeader) || !strings.Contains(err.Error(), `the file has no column "w" (its columns: id, v)`) {
		t.Errorf("Open = %v", err)
	}
}
