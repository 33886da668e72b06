package csvsource_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	csvsource "github.com/warehouse-loader/loader/etl/source/csv"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

func TestCSVRecords(t *testing.T) {
	tests := []struct {
		name    string
		content string
		opts    csvsource.CSVOptions
		cols    []string
		want    []got
	}{
		{
			name:    "plain",
			content: "a,b\n1,x\n2,y\n",
			cols:    []string{"a", "b"},
			want:    []got{{N: 1, Line: 2, Raw: row("1", "x")}, {N: 2, Line: 3, Raw: row("2", "y")}},
		},
		{
			name:    "quoted fields with delimiter, newline and quote",
			content: "a,b\n\"1,5\",\"say \"\"hi\"\"\nthere\"\n2,z",
			cols:    []string{"a", "b"},
			want:    []got{{N: 1, Line: 2, Raw: row("1,5", "say \"hi\"\nthere")}, {N: 2, Line: 4, Raw: row("2", "z")}},
		},
		{
			name:    "BOM stripped from the first name",
			content: "\ufeffid,name\n1,x\n",
			cols:    []string{"id", "name"},
			want:    []got{{N: 1, Line: 2, Raw: row("1", "x")}},
		},
		{
			name:    "BOM before a quoted name",
			content: "\ufeff\"id\",name\n1,x\n",
			cols:    []string{"id", "name"},
			want:    []got{{N: 1, Line: 2, Raw: row("1", "x")}},
		},
		{
			name:    "empty field is NULL by default, quoted or not",
			content: "a,b,c\n,\"\",x\n",
			cols:    []string{"a", "b", "c"},
			want:    []got{{N: 1, Line: 2, Raw: row("<nil>", "<nil>", "x")}},
		},
		{
			name:    "custom NULL texts",
			content: "a,b,c\nNULL,\\N,\n",
			opts:    csvsource.CSVOptions{NullValues: []string{"NULL", `\N`}},
			cols:    []string{"a", "b", "c"},
			want:    []got{{N: 1, Line: 2, Raw: row("<nil>", "<nil>", "")}},
		},
		{
			name:    "no NULL texts",
			content: "a,b\n,x\n",
			opts:    csvsource.CSVOptions{NullValues: []string{}},
			cols:    []string{"a", "b"},
			want:    []got{{N: 1, Line: 2, Raw: row("", "x")}},
		},
		{
			name:    "delimiter, comments, blank lines and CRLF",
			content: "# exported\r\na;b\r\n\r\n1;x,y\r\n# note\r\n2;z\r\n",
			opts:    csvsource.CSVOptions{Delimiter: ';', Comment: '#'},
			cols:    []string{"a", "b"},
			want:    []got{{N: 1, Line: 4, Raw: row("1", "x,y")}, {N: 2, Line: 6, Raw: row("2", "z")}},
		},
		{
			name:    "wrong field counts are rejected with Raw and reading goes on",
			content: "a,b,c\n1,2\n1,2,3,4,\n\"x\ny\",,z\n",
			cols:    []string{"a", "b", "c"},
			want: []got{
				{N: 1, Line: 2, Raw: row("1", "2"), Reject: "line 2: 2 fields, header has 3"},
				{N: 2, Line: 3, Raw: row("1", "2", "3", "4", ""), Reject: "line 3: 5 fields, header has 3"},
				{N: 3, Line: 4, Raw: row("x\ny", "<nil>", "z")},
			},
		},
		{
			name:    "invalid UTF-8 is rejected",
			content: "a,b\n1,caf\xe9\n2,ok\n",
			cols:    []string{"a", "b"},
			want: []got{
				{N: 1, Line: 2, Raw: row("1", "caf\uFFFD"), Reject: "line 2: column b is not valid UTF-8"},
				{N: 2, Line: 3, Raw: row("2", "ok")},
			},
		},
		{
			name:    "latin-1",
			content: "nom\xe9,b\ncaf\xe9,\x80\n",
			opts:    csvsource.CSVOptions{Encoding: "latin-1"},
			cols:    []string{"nomé", "b"},
			want:    []got{{N: 1, Line: 2, Raw: row("café", "\u0080")}},
		},
		{
			name:    "windows-1252",
			content: "a,b\ncaf\xe9,\x80\n",
			opts:    csvsource.CSVOptions{Encoding: "windows-1252"},
			cols:    []string{"a", "b"},
			want:    []got{{N: 1, Line: 2, Raw: row("café", "€")}},
		},
		{
			name:    "header only",
			content: "a,b\n",
			cols:    []string{"a", "b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := csvsource.NewCSV(writeFile(t, "data.csv", tt.content), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			sourcetest.CheckRecords(t, src, tt.cols, tt.want)
		})
	}
}

// newCSV returns a source with the default options over a file holding
// content, and the file's path.
func newCSV(t *testing.T, content string) (*csvsource.CSV, string) {
	t.Helper()
	path := writeFile(t, "data.csv", content)
	src, err := csvsource.NewCSV(path, csvsource.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return src, path
}

func TestCSVHeaderErrors(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"empty file", "", "no header row"},
		{"blank lines only", "\n\n", "no header row"},
		{"duplicate name", "a,b,a\n", `column "a" appears twice`},
		{"empty name", "a,,c\n", "column 2 has no name"},
		{"invalid UTF-8", "a,\xff\n", "column 2 is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, path := newCSV(t, tt.content)
			_, err := src.Open(t.Context(), etl.Checkpoint{})
			if !errors.Is(err, source.ErrHeader) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open: %v; want ErrHeader naming %s and saying %q", err, path, tt.want)
			}
		})
	}
}

func TestCSVMalformed(t *testing.T) {
	tests := []struct {
		name, content string
		before        int // records read before the error
		line          int64
		cause         string
	}{
		{"unterminated quote", "a,b\n1,2\n3,\"open\nstill open\n", 1, 4, `extraneous or missing " in quoted-field (record starts on line 3)`},
		{"text after closing quote", "a,b\n1,\"x\"y\n", 0, 2, `extraneous or missing " in quoted-field`},
		{"bare quote", "a,b\n1,2\n3,4\n5,x\"y\n", 2, 4, `bare " in non-quoted-field`},
		{"broken header", "a,\"b\n", 0, 1, `extraneous or missing " in quoted-field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, path := newCSV(t, tt.content)
			recs, err := sourcetest.ReadAll(t, src)
			sourcetest.CheckMalformed(t, err, path, tt.line, tt.cause)
			if len(recs) != tt.before {
				t.Errorf("read %d records before the error, want %d", len(recs), tt.before)
			}
		})
	}
}

func TestCSVMalformedIsSticky(t *testing.T) {
	src, err := csvsource.NewCSV(writeFile(t, "data.csv", "a\n\"x\n"), csvsource.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	open(t, src, etl.Checkpoint{})
	var rec etl.Record
	first := src.Next(t.Context(), &rec)
	if second := src.Next(t.Context(), &rec); first == nil || !errors.Is(second, first) {
		t.Errorf("Next = %v then %v, want the same malformed error", first, second)
	}
}

func TestCSVOptionErrors(t *testing.T) {
	path := writeFile(t, "data.csv", "a\n")
	for _, o := range []csvsource.CSVOptions{
		{Delimiter: '"'},
		{Delimiter: '\n'},
		{Delimiter: ';', Comment: ';'},
		{Encoding: "ebcdic"},
		{Encoding: "latin-1", Delimiter: '§'},
	} {
		if _, err := csvsource.NewCSV(path, o); err == nil {
			t.Errorf("NewCSV(%+v) succeeded", o)
		}
	}
	if _, err := csvsource.NewCSV(path+".missing", csvsource.CSVOptions{}); err == nil {
		t.Error("NewCSV of a missing file succeeded")
	}
}

func TestCSVSizeDone(t *testing.T) {
	content := "a,b\n1,2\n3,4\n"
	src, err := csvsource.NewCSV(writeFile(t, "data.csv", content), csvsource.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var _ etl.Sized = src
	open(t, src, etl.Checkpoint{})
	if src.Size() != int64(len(content)) || src.Done() != 4 {
		t.Errorf("after Open: Size %d Done %d, want %d and 4", src.Size(), src.Done(), len(content))
	}
	if _, _, err := readN(t, src, -1); err != nil {
		t.Fatal(err)
	}
	if src.Done() != src.Size() {
		t.Errorf("at the end: Done %d, want %d", src.Done(), src.Size())
	}
}
