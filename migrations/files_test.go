package migrations

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadFiles(t *testing.T) {
	file := func(names ...string) fstest.MapFS {
		fsys := fstest.MapFS{}
		for _, n := range names {
			fsys["d/"+n] = &fstest.MapFile{Data: []byte("SELECT 1;")}
		}
		return fsys
	}
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		wantErr string
		want    int
	}{
		{"pairs", file("0001_a.up.sql", "0001_a.down.sql", "0002_b.up.sql", "0002_b.down.sql"), "", 2},
		{"misnamed", file("0001_a.up.sql", "0001_a.down.sql", "2_add-thing.sql"), "misnamed", 0},
		{"no down", file("0001_a.up.sql", "0001_a.down.sql", "0002_b.up.sql"), "has no down file; add 0002_b.down.sql", 0},
		{"no up", file("0001_a.down.sql"), "has no up file", 0},
		{"duplicate version", file("0001_a.up.sql", "0001_a.down.sql", "0001_b.up.sql", "0001_b.down.sql"), "used twice", 0},
		{"version zero", file("0000_a.up.sql", "0000_a.down.sql"), "number from 1", 0},
		{"empty", fstest.MapFS{"d/README": &fstest.MapFile{}}, "misnamed", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := ReadFiles(tt.fsys, "d")
			if tt.wantErr == "" {
				if err != nil || len(files) != tt.want {
					t.Fatalf("got %d files, %v; want %d", len(files), err, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrBadFiles) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v: want ErrBadFiles containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestEmbeddedFilesAreValidForEveryDialect(t *testing.T) {
	pg, err := ReadFiles(Embedded, "postgres")
	if err != nil {
		t.Fatal(err)
	}
	sq, err := ReadFiles(Embedded, "sqlite")
	if err != nil {
		t.Fatal(err)
	}
	if len(pg) != len(sq) {
		t.Fatalf("postgres has %d migrations, sqlite %d: every migration needs both dialects", len(pg), len(sq))
	}
	for i := range pg {
		if pg[i].Name != sq[i].Name {
			t.Errorf("migration %d: postgres %s, sqlite %s", i, pg[i].Name, sq[i].Name)
		}
	}
}
