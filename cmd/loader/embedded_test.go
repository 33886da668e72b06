package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWarnNotEmbedded: run from a folder whose migrations/ holds files
// the binary does not embed, migrate up, migrate status, migrate diff,
// migrate new and run print one warning naming them (at most three, then
// how many more); with exactly the embedded set, none. migrate new does
// not name the migration it wrote.
func TestWarnNotEmbedded(t *testing.T) {
	warning := func(names string) string {
		return "warning: migrations/ holds " + names + ", which this binary does not embed: rebuild it (make build) and run the command again\n"
	}
	for _, tc := range []struct {
		name  string
		extra []string // migrations added to the embedded set
		want  string   // "": no warning
	}{
		{"the embedded set", nil, ""},
		{"one more", []string{"9001_create_late"}, warning("9001_create_late")},
		{"five more", []string{"9001_a", "9002_b", "9003_c", "9004_d", "9005_e"}, warning("9001_a, 9002_b, 9003_c and 2 more")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			work := t.TempDir()
			dir := embeddedDir(t)
			if err := os.Rename(dir, filepath.Join(work, "migrations")); err != nil {
				t.Fatal(err)
			}
			for _, name := range tc.extra {
				for _, d := range []string{"postgres", "sqlite", "mysql"} {
					for _, f := range []string{name + ".up.sql", name + ".down.sql"} {
						if err := os.WriteFile(filepath.Join(work, "migrations", d, f), []byte("SELECT 1;\n"), 0o600); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			t.Chdir(work)
			env := map[string]string{"LOADER_DATABASE_URL": "sqlite://" + filepath.Join(work, "w.db")}
			for _, args := range [][]string{
				{"migrate", "up"}, {"migrate", "status"}, {"migrate", "diff", "nothing"},
				{"migrate", "new", "add_x"}, {"run", "absent"},
			} {
				r := loader(t, env, args...) // run absent fails, after the warning
				var got string
				for _, l := range strings.SplitAfter(r.stderr, "\n") {
					if strings.HasPrefix(l, "warning: ") {
						got += l
					}
				}
				if got != tc.want {
					t.Errorf("loader %s: stderr %q, want %q", strings.Join(args, " "), r.stderr, tc.want)
				}
				if args[1] == "new" { // its own migration is no warning: drop it for the next commands
					removeMigration(t, filepath.Join(work, "migrations"), "add_x")
				}
			}
		})
	}
}

// removeMigration removes the files of the migration called name from
// every folder of dir.
func removeMigration(t *testing.T, dir, name string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*", fmt.Sprintf("*_%s.*.sql", name)))
	if err != nil || len(paths) == 0 {
		t.Fatalf("files of %s: %v, %v", name, paths, err)
	}
	for _, p := range paths {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
}
