package source_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	csvsource "github.com/warehouse-loader/loader/etl/source/csv"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// newSource makes sources of a kind over the file at path.
type newSource func(path string) sourcetest.New

// csvSource and jsonSource are the file kinds with their default options.
var (
	csvSource newSource = func(path string) sourcetest.New {
		return func() (etl.Source, error) { return csvsource.NewCSV(path, csvsource.CSVOptions{}) }
	}
	jsonSource newSource = func(path string) sourcetest.New {
		return func() (etl.Source, error) { return jsonsource.NewJSON(path, jsonsource.JSONOptions{}) }
	}
)

// TestResumeErrors: a cursor that is garbage or does not fit the file is
// refused with the error that says why.
func TestResumeErrors(t *testing.T) {
	csvPath := sourcetest.WriteFile(t, "data.csv", "a,b\n1,2\n3,4\n")
	otherPath := sourcetest.WriteFile(t, "data.csv", "a,c\n1,2\n3,4\n")
	_, cp := sourcetest.ReadCheckpoint(t, csvSource(csvPath), 1)
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
			src, err := csvsource.NewCSV(tt.path, csvsource.CSVOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := src.Open(t.Context(), tt.cp); !errors.Is(err, tt.want) {
				t.Errorf("Open(%+v) = %v, want %v", tt.cp, err, tt.want)
			}
		})
	}
}

// TestResumeLargeFile resumes at points spread over files larger than
// the read buffer, with records that span lines.
func TestResumeLargeFile(t *testing.T) {
	const rows = 6000
	for _, tc := range bigInputs(rows) {
		t.Run(tc.file, func(t *testing.T) {
			path := sourcetest.WriteFile(t, tc.file, tc.content)
			all := sourcetest.ReadFrom(t, tc.newSrc(path), etl.Checkpoint{})
			for _, k := range []int{1, 777, 2999, 4096, rows - 1} {
				_, cp := sourcetest.ReadCheckpoint(t, tc.newSrc(path), k)
				rest := sourcetest.ReadFrom(t, tc.newSrc(path), cp)
				if !reflect.DeepEqual(rest, all[k:]) {
					t.Fatalf("after %d records: %d records from %+v, want %d; first %+v, want %+v",
						k, len(rest), cp, len(all)-k, rest[0], all[k])
				}
			}
		})
	}
}
