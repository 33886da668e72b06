package jsonsource_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

func TestJSONRecords(t *testing.T) {
	tests := []struct {
		name    string
		content string
		opts    jsonsource.JSONOptions
		cols    []string
		want    []got
	}{
		{
			name:    "array: key order, literal numbers, bools, null, missing key",
			content: "[\n  {\"b\": \"x\", \"a\": 12.30, \"c\": true},\n  {\"a\": -0, \"c\": false, \"b\": null},\n  {\"a\": 1e3}\n]",
			cols:    []string{"b", "a", "c"},
			want: []got{
				{N: 1, Line: 2, Raw: row("x", "12.30", true)},
				{N: 2, Line: 3, Raw: row("<nil>", "-0", false)},
				{N: 3, Line: 4, Raw: row("<nil>", "1e3", "<nil>")},
			},
		},
		{
			name:    "ndjson with blank lines",
			content: "{\"id\": 1}\n\n\n{\"id\": 2}\n",
			cols:    []string{"id"},
			want:    []got{{N: 1, Line: 1, Raw: row("1")}, {N: 2, Line: 4, Raw: row("2")}},
		},
		{
			name:    "nested values become compact JSON text",
			content: `[{"id":1,"o":{ "k" : [1, 2, {"s": "a b"}] },"a":[ ]}]`,
			cols:    []string{"id", "o", "a"},
			want:    []got{{N: 1, Line: 1, Raw: row("1", `{"k":[1,2,{"s":"a b"}]}`, "[]")}},
		},
		{
			name:    "escaped strings and keys",
			content: `{"n\u00e9":"a\"b\\c\n\u20ac","x":"plain"}`,
			cols:    []string{"né", "x"},
			want:    []got{{N: 1, Line: 1, Raw: row("a\"b\\c\n€", "plain")}},
		},
		{
			name:    "element starting on a later line than its comma",
			content: "[{\"a\":1},\n\n   {\"a\":2}]",
			cols:    []string{"a"},
			want:    []got{{N: 1, Line: 1, Raw: row("1")}, {N: 2, Line: 3, Raw: row("2")}},
		},
		{
			name:    "BOM",
			content: "\ufeff[{\"a\":\"x\"}]",
			cols:    []string{"a"},
			want:    []got{{N: 1, Line: 1, Raw: row("x")}},
		},
		{
			name:    "given columns",
			content: `{"a":1}` + "\n" + `{"b":2,"a":3}`,
			opts:    jsonsource.JSONOptions{Columns: []string{"b", "a"}},
			cols:    []string{"b", "a"},
			want:    []got{{N: 1, Line: 1, Raw: row("<nil>", "1")}, {N: 2, Line: 2, Raw: row("2", "3")}},
		},
		{
			name:    "rejects: unexpected field, not an object, duplicate key, invalid UTF-8",
			content: "{\"a\":1}\n{\"a\":2,\"x\":3}\n[1]\n\"s\"\n{\"a\":4,\"a\":5}\n{\"a\":\"\xff\"}\n{\"a\":6}\n",
			cols:    []string{"a"},
			want: []got{
				{N: 1, Line: 1, Raw: row("1")},
				{N: 2, Line: 2, Raw: row(`{"a":2,"x":3}`), Reject: `record 2: unexpected field "x"`},
				{N: 3, Line: 3, Raw: row(`[1]`), Reject: "record 3: not a JSON object"},
				{N: 4, Line: 4, Raw: row(`"s"`), Reject: "record 4: not a JSON object"},
				{N: 5, Line: 5, Raw: row(`{"a":4,"a":5}`), Reject: `record 5: field "a" appears twice`},
				{N: 6, Line: 6, Raw: row("{\"a\":\"\uFFFD\"}"), Reject: "record 6: not valid UTF-8"},
				{N: 7, Line: 7, Raw: row("6")},
			},
		},
		{
			name:    "forced ndjson reads an array as one non-object",
			content: `[{"a":1}]`,
			opts:    jsonsource.JSONOptions{Format: jsonsource.FormatNDJSON, Columns: []string{"a"}},
			cols:    []string{"a"},
			want:    []got{{N: 1, Line: 1, Raw: row(`[{"a":1}]`), Reject: "record 1: not a JSON object"}},
		},
		{
			name:    "empty array with given columns",
			content: " [ ] ",
			opts:    jsonsource.JSONOptions{Columns: []string{"a"}},
			cols:    []string{"a"},
		},
		{
			name:    "empty file with given columns",
			content: "",
			opts:    jsonsource.JSONOptions{Columns: []string{"a"}},
			cols:    []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := jsonsource.NewJSON(writeFile(t, "data.json", tt.content), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			sourcetest.CheckRecords(t, src, tt.cols, tt.want)
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
		{"array expected", "\n{\"a\":1}", jsonsource.FormatArray, 0, 2, "not a JSON array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "data.json", tt.content)
			src, err := jsonsource.NewJSON(path, jsonsource.JSONOptions{Format: tt.format, Columns: []string{"a"}})
			if err != nil {
				t.Fatal(err)
			}
			recs, err := sourcetest.ReadAll(t, src)
			sourcetest.CheckMalformed(t, err, path, tt.line, tt.cause)
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
			src, err := jsonsource.NewJSON(path, jsonsource.JSONOptions{})
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
	for _, o := range []jsonsource.JSONOptions{
		{Format: "xml"},
		{Columns: []string{"a", "a"}},
		{Columns: []string{"a", " "}},
	} {
		if _, err := jsonsource.NewJSON(path, o); err == nil {
			t.Errorf("NewJSON(%+v) succeeded", o)
		}
	}
}

func TestJSONSizeDone(t *testing.T) {
	content := "[{\"a\":1},{\"a\":2}]\n"
	src, err := jsonsource.NewJSON(writeFile(t, "data.json", content), jsonsource.JSONOptions{})
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

// TestResumeArrayPastTheEnd: an array resumes by counting elements; a
// checkpoint whose count does not end at its cursor is refused.
func TestResumeArrayPastTheEnd(t *testing.T) {
	path := writeFile(t, "data.json", `[{"a":1},{"a":2}]`)
	newSrc := func() (etl.Source, error) { return jsonsource.NewJSON(path, jsonsource.JSONOptions{}) }
	_, cp := sourcetest.ReadCheckpoint(t, newSrc, 2)
	src, err := newSrc()
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []etl.Checkpoint{{Records: 3, Cursor: cp.Cursor}, {Records: 1, Cursor: cp.Cursor}} {
		if _, err := src.Open(t.Context(), bad); !errors.Is(err, source.ErrCursor) {
			t.Errorf("Open(%+v) = %v, want ErrCursor", bad, err)
		}
	}
}
