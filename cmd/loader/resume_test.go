package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// TestChangedFileAsksTheUserToChoose: an append pipeline whose file was
// edited under its checkpoint stops with one line naming the choices, and
// each choice does what it says.
func TestChangedFileAsksTheUserToChoose(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		s := openStore(t, url)
		path := filepath.Join(t.TempDir(), "sales.csv")
		writeSales(t, path, 300)
		mustLoader(t, env, "run", "sales_ingest", "--input", path)
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(string(body), "ORD-0000001", "ORD-9999999", 1)
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		r := loader(t, env, "run", "sales_ingest", "--input", path)
		line := errLine(t, r)
		for _, want := range []string{"differ", "--full-refresh", "--new-source", "--resume"} {
			if r.code != 1 || !strings.Contains(line, want) {
				t.Fatalf("exit %d, %q lacks %q", r.code, line, want)
			}
		}
		if n := count(t, s, "SELECT COUNT(*) FROM sales_data"); n != 300 {
			t.Fatalf("%d rows after the refused run, want 300", n)
		}
		mustLoader(t, env, "run", "sales_ingest", "--input", path, "--full-refresh")
		if n := count(t, s, "SELECT COUNT(*) FROM sales_data"); n != 300 {
			t.Fatalf("%d rows after --full-refresh, want the file's 300", n)
		}
		other := filepath.Join(t.TempDir(), "more.csv")
		writeSales(t, other, 100)
		mustLoader(t, env, "run", "sales_ingest", "--input", other, "--new-source")
		if n := count(t, s, "SELECT COUNT(*) FROM sales_data"); n != 400 {
			t.Fatalf("%d rows after --new-source, want 400", n)
		}
		if r := loader(t, env, "run", "sales_ingest", "--resume", "--new-source"); r.code != 2 {
			t.Fatalf("two choices at once: exit %d", r.code)
		}
	})
}

// A folder is a set of files (see units_test.go); an empty one says so.
func TestInputThatIsAnEmptyFolderIsNamedSo(t *testing.T) {
	env := demoEnv(t, dbtest.SQLite(t))
	dir := t.TempDir()
	r := loader(t, env, "run", "sales_ingest", "--input", dir)
	line := errLine(t, r)
	if r.code != 1 || !strings.Contains(line, "source "+dir+": no input matches: no file matches it") || strings.Contains(line, "invalid pipeline file") {
		t.Fatalf("exit %d: %s", r.code, line)
	}
}
