package migrations

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

// TestNotEmbedded: the migrations a folder on disk holds beyond the
// embedded ones are named once each, sorted; the embedded set itself,
// missing folders and misnamed files name none.
func TestNotEmbedded(t *testing.T) {
	same := fstest.MapFS{}
	err := fs.WalkDir(Embedded, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			same[p] = &fstest.MapFile{Data: []byte("SELECT 1;")}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	more := fstest.MapFS{"README.md": &fstest.MapFile{}, "sqlite/notes.txt": &fstest.MapFile{}}
	for p, f := range same {
		more[p] = f
	}
	for _, d := range []string{"postgres", "sqlite", "mysql"} {
		for _, n := range []string{"9001_create_late.up.sql", "9001_create_late.down.sql"} {
			more[d+"/"+n] = &fstest.MapFile{}
		}
	}
	more["sqlite/9000_add_x.up.sql"] = &fstest.MapFile{}
	for _, tc := range []struct {
		name string
		disk fs.FS
		want []string
	}{
		{"the embedded set", same, nil},
		{"no folders", fstest.MapFS{}, nil},
		{"new files", more, []string{"9000_add_x", "9001_create_late"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NotEmbedded(tc.disk); !slices.Equal(got, tc.want) {
				t.Errorf("NotEmbedded = %v, want %v", got, tc.want)
			}
		})
	}
}
