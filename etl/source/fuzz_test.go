package source_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"\ufeffa,b\r\n\"x,\"\"y\"\"\nz\",\r\n",
		"a\n\"open\n",
		"a,b\n1\n1,2,3\n",
		"a;b\n# c\n1;x\"y\n",
		"a,a\n",
		"a,b\n\xff,\xfe\n",
		"",
	} {
		f.Add(s)
	}
	path := filepath.Join(f.TempDir(), "f.csv")
	f.Fuzz(func(t *testing.T, content string) {
		rewrite(t, path, content)
		src, err := source.NewCSV(path, source.CSVOptions{Comment: '#'})
		if err != nil {
			t.Fatal(err)
		}
		checkFuzzed(t, src, true)
	})
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`[{"a":1,"b":"x"},{"b":null,"a":[1,{"c":2}]}]`,
		"{\"a\":1}\n\n{\"a\":2.50,\"b\":true}\n",
		"\ufeff[ {\"a\" : \"\\u00e9\\\"\"} ]",
		`[{"a":1},`,
		`{"a":1}{"a":2,"z":3} 5 [1] "s"`,
		`[{"a":1}] x`,
		`{"a":1,"a":2}`,
		"",
	} {
		f.Add(s)
	}
	path := filepath.Join(f.TempDir(), "f.json")
	f.Fuzz(func(t *testing.T, content string) {
		rewrite(t, path, content)
		src, err := source.NewJSON(path, source.JSONOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkFuzzed(t, src, false)
	})
}

// rewrite replaces the content of the file a fuzz target reuses (a fuzz
// worker runs its inputs one at a time).
func rewrite(t *testing.T, path, content string) {
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkFuzzed reads src to the end and checks that Open fails only with
// ErrHeader or ErrMalformed, that Next returns records, RejectErrors,
// io.EOF or an ErrMalformed error, with N counting from 1 and lines
// increasing (strictly unless several records may share a line), and
// that resuming from the last checkpoint reads nothing.
func checkFuzzed(t *testing.T, src etl.Source, strict bool) {
	ctx := context.Background()
	if _, err := src.Open(ctx, etl.Checkpoint{}); err != nil {
		if !errors.Is(err, source.ErrHeader) && !errors.Is(err, source.ErrMalformed) {
			t.Fatalf("Open: %v", err)
		}
		return
	}
	defer src.Close()
	var rec etl.Record
	var rej *etl.RejectError
	for n, line := int64(1), int64(1); ; n++ {
		err := src.Next(ctx, &rec)
		if errors.Is(err, io.EOF) || errors.Is(err, source.ErrMalformed) {
			break
		}
		if err != nil && !errors.As(err, &rej) {
			t.Fatalf("Next: %v", err)
		}
		if rec.N != n || rec.Line < line || (strict && n > 1 && rec.Line == line) {
			t.Fatalf("record N %d line %d after line %d, want N %d", rec.N, rec.Line, line, n)
		}
		line = rec.Line
	}
	checkResumesAtEnd(t, src)
}

// checkResumesAtEnd checks that resuming from src's checkpoint reads no
// record unless reading stopped on malformed input.
func checkResumesAtEnd(t *testing.T, src etl.Source) {
	var rec etl.Record
	if !errors.Is(src.Next(context.Background(), &rec), io.EOF) {
		return
	}
	cp := src.Checkpoint()
	if _, err := src.Open(context.Background(), cp); err != nil {
		t.Fatalf("Open(%+v): %v", cp, err)
	}
	if err := src.Next(context.Background(), &rec); !errors.Is(err, io.EOF) {
		t.Fatalf("after resuming at the end: %v, record %+v", err, rec)
	}
}
