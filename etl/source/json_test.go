package source_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

func TestJSONRecords(t *testing.T) {
	tests := []struct {
		name    string
		content string
		opts    source.JSONOptions
		cols    []string
		want    []got
	}{
		{
			name:    "array: key order, literal numbers, bools, null, missing key",
			content: "[\n  {\"b\": \"x\", \"a\": 12.30, \"c\": true},\n  {\"a\": -0, \"c\": false, \"b\": null},\n  {\"a\": 1e3}\n]",
			cols:    []string{"b", "a", "c"},
			want: []got{
				{1, 2, row("x", "12.30", true), ""},
				{2, 3, row("<nil>", "-0", false), ""},
				{3, 4, row("<nil>", "1e3", "<nil>"), ""},
			},
		},
		{
			name:    "ndjson with blank lines",
			content: "{\"id\": 1}\n\n\n{\"id\": 2}\n",
			cols:    []string{"id"},
			want:    []got{{1, 1, row("1"), ""}, {2, 4, row("2"), ""}},
		},
		{
			name:    "nested values become compact JSON text",
			content: `[{"id":1,"o":{ "k" : [1, 2, {"s": "a b"}] },"a":[ ]}]`,
			cols:    []string{"id", "o", "a"},
			want:    []got{{1, 1, row("1", `{"k":[1,2,{"s":"a b"}]}`, "[]"), ""}},
		},
		{
			name:    "escaped strings and keys",
			content: `{"n\u00e9":"a\"b\\c\n\u20ac","x":"plain"}`,
			cols:    []string{"né", "x"},
			want:    []got{{1, 1, row("a\"b\\c\n€", "plain"), ""}},
		},
		{
			name:    "element starting on a later line than its comma",
			content: "[{\"a\":1},\n\n   {\"a\":2}]",
			cols:    []string{"a"},
			want:    []got{{1, 1, row("1"), ""}, {2, 3, row("2"), ""}},
		},
		{
			name:    "BOM",
			content: "\ufeff[{\"a\":\"x\"}]",
			cols:    []string{"a"},
			want:    []got{{1, 1, row("x"), ""}},
		},
		{
			name:    "given columns",
			content: `{"a":1}` + "\n" + `{"b":2,"a":3}`,
			opts:    source.JSONOptions{Columns: []string{"b", "a"}},
			cols:    []string{"b", "a"},
			want:    []got{{1, 1, row("<nil>", "1"), ""}, {2, 2, row("2", "3"), ""}},
		},
		{
			name:    "rejects: unexpected field, not an object, duplicate key, invalid UTF-8",
			content: "{\"a\":1}\n{\"a\":2,\"x\":3}\n[1]\n\"s\"\n{\"a\":4,\"a\":5}\n{\"a\":\"\xff\"}\n{\"a\":6}\n",
			cols:    []string{"a"},
			want: []got{
				{1, 1, row("1"), ""},
				{2, 2, row(`{"a":2,"x":3}`), `record 2: unexpected field "x"`},
				{3, 3, row(`[1]`), "record 3: not a JSON object"},
				{4, 4, row(`"s"`), "record 4: not a JSON object"},
				{5, 5, row(`{"a":4,"a":5}`), `record 5: field "a" appears twice`},
				{6, 6, row("{\"a\":\"\uFFFD\"}"), "record 6: not valid UTF-8"},
				{7, 7, row("6"), ""},
			},
		},
		{
			name:    "forced ndjson reads an array as one non-object",
			content: `[{"a":1}]`,
			opts:    source.JSONOptions{Format: source.FormatNDJSON, Columns: []string{"a"}},
			cols:    []string{"a"},
			want:    []got{{1, 1, row(`[{"a":1}]`), "record 1: not a JSON object"}},
		},
		{
			name:    "empty array with given columns",
			content: " [ ] ",
			opts:    source.JSONOptions{Columns: []string{"a"}},
			cols:    []string{"a"},
		},
		{
			name:    "empty file with given columns",
			content: "",
			opts:    source.JSONOptions{Columns: []string{"a"}},
			cols:    []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := source.NewJSON(writeFile(t, "data.json", tt.content), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			cols := open(t, src, etl.Checkpoint{})
			if !reflect.DeepEqual(cols.Names(), tt.cols) {
				t.Errorf("columns = %q, want %q", cols.Names(), tt.cols)
			}
			recs, _, err := readN(t, src, -1)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(recs, tt.want) {
				t.Errorf("records:\n got %#v\nwant %#v", recs, tt.want)
			}
		})
	}
}

func TestJSONMalformed(t *testing.T) {
	tests := []struct {
		name, content string
		format        string
		before        int
		line          int64
		cause         string
	}{
		{"truncated array", "[\n{\"a\":1},\n{\"a\":", "", 1, 3, "unexpected end of JSON input"},
		{"array without its end", "[\n{\"a\":1}\n", "", 1, 2, "unexpected end of JSON input"},
		{"array cut after a comma", "[{\"a\":1},{\"a\":2},", "", 2, 1, "unexpected end of JSON input"},
		{"array ending in a comma", "[{\"a\":1},\n]", "", 1, 2, "invalid character ']' looking for beginning of value"},
		{"truncated ndjson", "{\"a\":1}\n{\"a\":2}\n{\"a\"", "", 2, 3, "unexpected end of JSON input"},
		{"invalid character", "{\"a\":1}\n\n{\"a\" 2}\n", "", 1, 3, "invalid character '2' after object key"},
		{"missing comma", "[{\"a\":1}\n{\"a\":2}]", "", 1, 2, "expected comma after array element"},
		{"data after the array", "[{\"a\":1}]\n{}", "", 1, 2, "data after the array"},
		{"bad value inside a multi-line object", "[\n{\"a\":1},\n{\"a\":\n  x}]", "", 1, 4, "invalid character 'x' looking for beginning of value"},
		{"bad value after the first element", "[{\"a\":1},\n\n  x]", "", 1, 3, "invalid character 'x' looking for beginning of value"},
		{"garbage after the array", "[{\"a\":1}]\n\nx", "", 1, 3, "invalid character 'x' looking for beginning of value"},
		{"array expected", "\n{\"a\":1}", source.FormatArray, 0, 2, "not a JSON array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "data.json", tt.content)
			src, err := source.NewJSON(path, source.JSONOptions{Format: tt.format, Columns: []string{"a"}})
			if err != nil {
				t.Fatal(err)
			}
			var recs []got
			if _, err = src.Open(t.Context(), etl.Checkpoint{}); err == nil {
				defer src.Close()
				recs, _, err = readN(t, src, -1)
			}
			checkMalformed(t, err, path, tt.line, tt.cause)
			var me *source.MalformedError
			if errors.As(err, &me) && me.Offset == 0 && tt.format == "" {
				t.Errorf("no byte offset in %v", err)
			}
			if len(recs) != tt.before {
				t.Errorf("read %d records before the error, want %d", len(recs), tt.before)
			}
		})
	}
}

func TestJSONColumnErrors(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"empty file", "", "no object"},
		{"empty array", "[]", "no object"},
		{"first not an object", "[1, {\"a\":1}]", "not an object"},
		{"first object empty", "{}\n{\"a\":1}", "not an object with keys"},
		{"duplicate key in the first object", `{"a":1,"a":2}`, `column "a" appears twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "data.json", tt.content)
			src, err := source.NewJSON(path, source.JSONOptions{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = src.Open(t.Context(), etl.Checkpoint{})
			if !errors.Is(err, source.ErrHeader) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open: %v; want ErrHeader naming %s and saying %q", err, path, tt.want)
			}
		})
	}
}

func TestJSONOptionErrors(t *testing.T) {
	path := writeFile(t, "data.json", "[]")
	for _, o := range []source.JSONOptions{
		{Format: "xml"},
		{Columns: []string{"a", "a"}},
		{Columns: []string{"a", " "}},
	} {
		if _, err := source.NewJSON(path, o); err == nil {
			t.Errorf("NewJSON(%+v) succeeded", o)
		}
	}
}

func TestJSONSizeDone(t *testing.T) {
	content := "[{\"a\":1},{\"a\":2}]\n"
	src, err := source.NewJSON(writeFile(t, "data.json", content), source.JSONOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var _ etl.Sized = src
	open(t, src, etl.Checkpoint{})
	if src.Size() != int64(len(content)) {
		t.Errorf("Size = %d, want %d", src.Size(), len(content))
	}
	if _, _, err := readN(t, src, 1); err != nil || src.Done() != 8 {
		t.Errorf("after one record: Done %d (err %v), want 8", src.Done(), err)
	}
}
