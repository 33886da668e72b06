package source_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// newSource makes a source of the given kind over path.
type newSource func(path string) (etl.Source, error)

func csvSource(opts source.CSVOptions) newSource {
	return func(path string) (etl.Source, error) { return source.NewCSV(path, opts) }
}

func jsonSource(opts source.JSONOptions) newSource {
	return func(path string) (etl.Source, error) { return source.NewJSON(path, opts) }
}

var resumeCases = []struct {
	name, file, content string
	newSrc              newSource
}{
	{
		name: "csv with BOM, comments, blank lines, CRLF, multi-line fields and a reject",
		file: "data.csv",
		content: "\ufeff# head\r\nid,text\r\n1,\"a\r\nb\"\r\n\r\n2,plain\r\n# c\r\n3,\"x\n\ny\nz\"\r\n" +
			"4,too,many\r\n5,\"\"\"q\"\"\"\r\n6,last",
		newSrc: csvSource(source.CSVOptions{Comment: '#'}),
	},
	{
		name:    "ndjson with blank lines",
		file:    "data.ndjson",
		content: "{\"id\":1,\"v\":\"a\"}\n\n{\"id\":2,\"v\":[1,\n2]}\n  {\"id\":3}\n5\n{\"id\":4,\"x\":1}\n{\"id\":5}\n",
		newSrc:  jsonSource(source.JSONOptions{}),
	},
	{
		name:    "json array over several lines",
		file:    "data.json",
		content: "[\n{\"id\":1,\"v\":\"a\"},\n\n  {\"id\":2,\n \"v\":{\"k\": 1}},{\"id\":3}, 7,\n{\"id\":4}\n]\n",
		newSrc:  jsonSource(source.JSONOptions{}),
	},
	{
		name:    "ndjson with given columns",
		file:    "data.ndjson",
		content: "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n",
		newSrc:  jsonSource(source.JSONOptions{Columns: []string{"id", "v"}}),
	},
}

// TestResume checks that for every record k, resuming from the checkpoint
// taken after k records yields exactly the records after k, with their N
// and Line.
func TestResume(t *testing.T) {
	for _, tc := range resumeCases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.file, tc.content)
			all := readFrom(t, tc.newSrc, path, etl.Checkpoint{})
			if len(all) < 3 {
				t.Fatalf("only %d records", len(all))
			}
			for k := 0; k <= len(all); k++ {
				first, cp := readCheckpoint(t, tc.newSrc, path, k)
				rest := readFrom(t, tc.newSrc, path, cp)
				if got := slices.Concat(first, rest); !reflect.DeepEqual(got, all) {
					t.Fatalf("after %d records (cursor %q):\n got %#v\nwant %#v", k, cp.Cursor, got, all)
				}
			}
		})
	}
}

// readCheckpoint reads k records of a fresh source and returns them and
// the checkpoint after them.
func readCheckpoint(t *testing.T, newSrc newSource, path string, k int) ([]got, etl.Checkpoint) {
	t.Helper()
	src, err := newSrc(path)
	if err != nil {
		t.Fatal(err)
	}
	open(t, src, etl.Checkpoint{})
	recs, cp, err := readN(t, src, k)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Records != int64(k) {
		t.Fatalf("checkpoint after %d records says %d", k, cp.Records)
	}
	return recs, cp
}

// readFrom reads the records of a fresh source opened at cp.
func readFrom(t *testing.T, newSrc newSource, path string, cp etl.Checkpoint) []got {
	t.Helper()
	src, err := newSrc(path)
	if err != nil {
		t.Fatal(err)
	}
	open(t, src, cp)
	recs, _, err := readN(t, src, -1)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestResumeErrors(t *testing.T) {
	csvPath := writeFile(t, "data.csv", "a,b\n1,2\n3,4\n")
	otherPath := writeFile(t, "data.csv", "a,c\n1,2\n3,4\n")
	_, cp := readCheckpoint(t, csvSource(source.CSVOptions{}), csvPath, 1)
	cols := strings.Split(cp.Cursor, ":")[2]
	tests := []struct {
		name string
		path string
		cp   etl.Checkpoint
		want error
	}{
		{"records without cursor", csvPath, etl.Checkpoint{Records: 3}, source.ErrCursor},
		{"garbage cursor", csvPath, etl.Checkpoint{Records: 1, Cursor: "x"}, source.ErrCursor},
		{"negative offset", csvPath, etl.Checkpoint{Records: 1, Cursor: "-1:2:" + cols}, source.ErrCursor},
		{"offset past the end", csvPath, etl.Checkpoint{Records: 1, Cursor: "99:2:" + cols}, etl.ErrSourceChanged},
		{"offset in the header", csvPath, etl.Checkpoint{Records: 1, Cursor: "1:1:" + cols}, source.ErrCursor},
		{"other header", otherPath, cp, source.ErrHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := source.NewCSV(tt.path, source.CSVOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := src.Open(t.Context(), tt.cp); !errors.Is(err, tt.want) {
				t.Errorf("Open(%+v) = %v, want %v", tt.cp, err, tt.want)
			}
		})
	}
}

func TestResumeArrayPastTheEnd(t *testing.T) {
	path := writeFile(t, "data.json", `[{"a":1},{"a":2}]`)
	_, cp := readCheckpoint(t, jsonSource(source.JSONOptions{}), path, 2)
	src, err := source.NewJSON(path, source.JSONOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []etl.Checkpoint{{Records: 3, Cursor: cp.Cursor}, {Records: 1, Cursor: cp.Cursor}} {
		if _, err := src.Open(t.Context(), bad); !errors.Is(err, source.ErrCursor) {
			t.Errorf("Open(%+v) = %v, want ErrCursor", bad, err)
		}
	}
}

func TestCheckpointBeforeOpen(t *testing.T) {
	path := writeFile(t, "data.csv", "a\n1\n")
	src := mustMake(t, csvSource(source.CSVOptions{}), path)
	cp := src.Checkpoint()
	if cp != (etl.Checkpoint{}) {
		t.Fatalf("Checkpoint before Open = %+v, want the zero one", cp)
	}
	open(t, src, cp)
}

// TestResumeLargeFile resumes at points spread over files larger than
// the read buffer, with records that span lines.
func TestResumeLargeFile(t *testing.T) {
	const rows = 6000
	var csvText, ndjson, array strings.Builder
	csvText.WriteString("id,text\n")
	array.WriteString("[\n")
	for i := range rows {
		text := strings.Repeat("x", i%97)
		if i%13 == 0 {
			text = "\"multi\n" + text + "\nline\""
		}
		fmt.Fprintf(&csvText, "%d,%s\n", i, text)
		fmt.Fprintf(&ndjson, "{\"id\":%d,\"text\":%q}\n", i, text)
		fmt.Fprintf(&array, "  {\"id\": %d,\n   \"text\": %q},\n", i, text)
	}
	array.WriteString("  {\"id\": -1}\n]\n")
	for _, tc := range []struct {
		file, content string
		newSrc        newSource
	}{
		{"big.csv", csvText.String(), csvSource(source.CSVOptions{})},
		{"big.ndjson", ndjson.String(), jsonSource(source.JSONOptions{})},
		{"big.json", array.String(), jsonSource(source.JSONOptions{})},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := writeFile(t, tc.file, tc.content)
			all := readFrom(t, tc.newSrc, path, etl.Checkpoint{})
			for _, k := range []int{1, 777, 2999, 4096, rows - 1} {
				_, cp := readCheckpoint(t, tc.newSrc, path, k)
				rest := readFrom(t, tc.newSrc, path, cp)
				if !reflect.DeepEqual(rest, all[k:]) {
					t.Fatalf("after %d records: %d records from %+v, want %d; first %+v, want %+v",
						k, len(rest), cp, len(all)-k, rest[0], all[k])
				}
			}
		})
	}
}
