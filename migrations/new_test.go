package migrations_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/migrations"
)

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// WriteNext numbers past the highest version of every folder, writes
// both files of each dialect, and refuses bad names and existing files.
func TestWriteNext(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "postgres", "0001_a.up.sql"), "")
	writeFile(t, filepath.Join(dir, "postgres", "0001_a.down.sql"), "")
	writeFile(t, filepath.Join(dir, "mysql", "0003_c.up.sql"), "")
	files := map[string]migrations.Pair{"postgres": {Up: "UP pg;\n", Down: "DOWN pg;\n"}, "sqlite": {Up: "UP lite;\n", Down: "DOWN lite;\n"}}
	v, paths, err := migrations.WriteNext(dir, "add_thing", files)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"postgres/0004_add_thing.up.sql", "postgres/0004_add_thing.down.sql", "sqlite/0004_add_thing.up.sql", "sqlite/0004_add_thing.down.sql"}
	for i := range want {
		want[i] = filepath.Join(dir, want[i])
	}
	if v != 4 || !slices.Equal(paths, want) {
		t.Fatalf("WriteNext = %d %q; want 4 %q", v, paths, want)
	}
	if b, err := os.ReadFile(want[3]); err != nil || string(b) != "DOWN lite;\n" {
		t.Fatalf("%s = %q, %v", want[3], b, err)
	}
	if v, _, err := migrations.WriteNext(dir, "next", files); err != nil || v != 5 {
		t.Fatalf("second WriteNext = %d, %v; want 5", v, err)
	}
	for _, c := range []struct{ name, want string }{
		{"Add-Thing", `name "Add-Thing" is not snake_case`},
		{"", `name "" is not snake_case`},
	} {
		if _, _, err := migrations.WriteNext(dir, c.name, files); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("WriteNext(%q) = %v; want %q", c.name, err, c.want)
		}
	}
	if _, _, err := migrations.WriteNext(dir, "x", map[string]migrations.Pair{"../etc": {}}); err == nil {
		t.Error("WriteNext accepted a dialect folder ../etc")
	}
}

// WriteNext never overwrites: a file in the way fails the call, and what
// it wrote before is removed.
func TestWriteNextNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sqlite", "0001_a.up.sql"), "")
	writeFile(t, filepath.Join(dir, "sqlite", "0001_a.down.sql"), "")
	// A folder where the next version's last file goes (no version of its own).
	writeFile(t, filepath.Join(dir, "sqlite", "0002_b.down.sql", "keep"), "keep")
	_, _, err := migrations.WriteNext(dir, "b", map[string]migrations.Pair{"postgres": {}, "sqlite": {}})
	if err == nil || !strings.Contains(err.Error(), "0002_b.down.sql exists; it is never overwritten") {
		t.Fatalf("WriteNext = %v; want a refusal to overwrite", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sqlite", "0002_b.down.sql", "keep")); string(b) != "keep" {
		t.Fatalf("the existing file was changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "postgres", "0002_b.up.sql")); !os.IsNotExist(err) {
		t.Fatalf("a file written before the refusal stays: %v", err)
	}
}
