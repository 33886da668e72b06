package s3store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/internal/s3store"
	"github.com/warehouse-loader/loader/internal/s3test"
)

// Listings take every page (three keys a page here), leave out hidden
// names and folder markers, match globs on the name relative to the
// folder before the first glob character, and sort by name.
func TestListPagesGlobsAndFolders(t *testing.T) {
	srv, st := newStore(t, func(s *s3store.Settings) { s.ListPageSize = 3 })
	keys := []string{
		"in/2024-02.csv", "in/2024-01.csv", "in/2023-12.csv", "in/notes.txt", "in/_SUCCESS", "in/.partial.csv",
		"in/_temporary/0/part.csv", "in/sub/", "in/sub/2024-03.csv", "exports/a/x.parquet", "exports/b/c/y.parquet",
		"exports/z.parquet", "exports/z.csv", "other/2024-09.csv",
	}
	for _, k := range keys {
		srv.Put(t, "data", k, []byte(k))
	}
	for _, tc := range []struct {
		pattern string
		names   []string
	}{
		{"s3://data/in/", []string{"2023-12.csv", "2024-01.csv", "2024-02.csv", "notes.txt", "sub/2024-03.csv"}},
		{"s3://data/in/*.csv", []string{"2023-12.csv", "2024-01.csv", "2024-02.csv"}},
		{"s3://data/in/2024-*.csv", []string{"2024-01.csv", "2024-02.csv"}},
		{"s3://data/in/**/*.csv", []string{"2023-12.csv", "2024-01.csv", "2024-02.csv", "sub/2024-03.csv"}},
		{"s3://data/exports/**/*.parquet", []string{"a/x.parquet", "b/c/y.parquet", "z.parquet"}},
		{"s3://data/*/2024-0{1,9}.csv", []string{"in/2024-01.csv", "other/2024-09.csv"}},
		{"s3://data/nothing/", nil},
	} {
		srv.Requests()
		got, err := st.List(context.Background(), tc.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tc.pattern, err)
		}
		var names []string
		for _, e := range got {
			names = append(names, e.Name)
			if e.Path != "s3://data/"+strings.TrimPrefix(e.Path, "s3://data/") || !strings.HasSuffix(e.Path, e.Name) {
				t.Fatalf("%s: entry %+v", tc.pattern, e)
			}
		}
		if !slices.Equal(names, tc.names) {
			t.Fatalf("%s: %v, want %v", tc.pattern, names, tc.names)
		}
		t.Logf("%s: %d names in %d requests", tc.pattern, len(names), len(srv.Requests()))
	}
}

// More keys than a page holds arrive whole, in several requests; each
// entry's stamp is its ETag and size.
func TestListTakesEveryPage(t *testing.T) {
	srv, st := newStore(t, func(s *s3store.Settings) { s.ListPageSize = 4 })
	for i := range 25 {
		srv.Put(t, "data", fmt.Sprintf("p/%03d.csv", i), []byte(strings.Repeat("x", i)))
	}
	srv.Requests()
	got, err := st.List(context.Background(), "s3://data/p/*.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 25 || got[0].Name != "000.csv" || got[24].Name != "024.csv" {
		t.Fatalf("%d entries: %v", len(got), got)
	}
	if n := len(srv.Requests()); n != 7 {
		t.Fatalf("%d list requests for 25 keys 4 a page, want 7", n)
	}
	o, err := st.Open(context.Background(), got[3].Path)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := o.Stat()
	if want := strings.Trim(info.ETag, `"`) + ":3"; got[3].Stamp != want || got[3].Size != 3 {
		t.Fatalf("entry %+v, want stamp %s", got[3], want)
	}
}

// The registered lister makes s3:// globs a source.Set through
// source.Files, with the configured settings.
func TestFilesListsS3Patterns(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket(t, "data")
	srv.Put(t, "data", "in/b.csv", []byte("a\n2\n"))
	srv.Put(t, "data", "in/a.csv", []byte("a\n1\n"))
	s3store.Configure(srv.Settings())
	t.Cleanup(func() { s3store.Configure(s3store.Settings{}) })
	src, err := source.Files(context.Background(), source.Params{}, "s3://data/in/*.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	set, ok := src.(*source.Set)
	if !ok {
		t.Fatalf("%T, want a *source.Set", src)
	}
	units, err := set.Units(context.Background())
	if err != nil || len(units) != 2 || units[0].Path != "s3://data/in/a.csv" || units[1].Name != "b.csv" {
		t.Fatalf("%+v, %v", units, err)
	}
}
