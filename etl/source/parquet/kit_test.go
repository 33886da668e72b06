package parquetsource_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/etl"
	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// kitSchema is the schema of the files the kit's contents become: a
// required id and an optional v of bytes without a logical type (so bytes
// that are not UTF-8 are a reject).
var kitSchema = parquet.NewSchema("kit", parquet.Group{
	"id": parquet.Leaf(parquet.Int64Type),
	"v":  parquet.Optional(parquet.Leaf(parquet.ByteArrayType)),
})

// writeKit writes content as a Parquet file and returns its path. Each
// line "id|v" is a row ("<nil>" for a NULL v); a line "--" ends a row
// group. Content starting "raw:" is written as the bytes after it, and
// content starting "cut:" as the file of the rest, cut to half its size.
func writeKit(t testing.TB, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.parquet")
	if raw, ok := strings.CutPrefix(content, "raw:"); ok {
		if err := os.WriteFile(path, []byte(raw), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	rest, cut := strings.CutPrefix(content, "cut:")
	writeParquet(t, path, kitSchema, kitRows(t, rest))
	if cut {
		fi, _ := os.Stat(path)
		if err := os.Truncate(path, fi.Size()/2); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// kitRows turns content into row groups of rows.
func kitRows(t testing.TB, content string) [][]parquet.Row {
	groups := [][]parquet.Row{nil}
	for line := range strings.Lines(content) {
		line = strings.TrimSuffix(line, "\n")
		if line == "--" {
			groups = append(groups, nil)
			continue
		}
		id, v, _ := strings.Cut(line, "|")
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			t.Fatalf("kit line %q: %v", line, err)
		}
		val := parquet.NullValue().Level(0, 0, 1)
		if v != "<nil>" {
			val = parquet.ByteArrayValue([]byte(v)).Level(0, 1, 1)
		}
		g := &groups[len(groups)-1]
		*g = append(*g, parquet.Row{parquet.Int64Value(n).Level(0, 0, 0), val})
	}
	return groups
}

// writeParquet writes the row groups to path with schema.
func writeParquet(t testing.TB, path string, schema *parquet.Schema, groups [][]parquet.Row) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewWriter(f, schema)
	for _, g := range groups {
		if _, err := w.WriteRows(g); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// records returns n rows, 100 to a row group.
func records(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d|row %d\n", i, i)
		if i%100 == 0 && i < n {
			b.WriteString("--\n")
		}
	}
	return b.String()
}

var kit = sourcetest.Kind{
	Input: func(t *testing.T, content string) sourcetest.New {
		path := writeKit(t, content)
		return func() (etl.Source, error) { return parquetsource.New(path, parquetsource.Options{}) }
	},
	Records: records,
	Edit:    func(content string) string { return strings.Replace(content, "1|row 1\n", "9|row 1\n", 1) },
	Resumable: []string{
		"1|a\n2|<nil>\n--\n3|caf\xe9\n4|d\n--\n5|e\n",
		"1|a\n--\n--\n2|b\n3|\n--\n4|\xff\n",
		"1|a\n2|b\n3|c\n4|d\n5|e\n6|f\n7|g\n",
	},
	Bad: []string{
		"raw:", "raw:hello, world\n", "raw:PAR1", "raw:PAR1 some bytes PAR1",
		"raw:PAR1 some bytes \x10\x00\x00\x00PAR1", "raw:id,v\n1,a\n",
		"cut:" + records(300), "1|caf\xe9\n",
	},
	SharedLines: true,
}

func TestKit(t *testing.T) { sourcetest.Run(t, kit) }
