package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// migrationPaths lists the migration files of every folder of dir.
func migrationPaths(t *testing.T, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// `migrate new` writes a commented pair per database at the next version
// and prints the paths and a reminder to rebuild; a name that is not snake_case is a usage error.
func TestMigrateNew(t *testing.T) {
	dir := embeddedDir(t)
	next := last(embedded(t, "sqlite")) + 1
	r := mustLoader(t, nil, "migrate", "new", "add_thing", "--dir", dir)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 7 || lines[6] != "next: "+rebuildReminder {
		t.Fatalf("stdout %q; want six paths and the reminder to rebuild", r.stdout)
	}
	for _, d := range []string{"postgres", "sqlite", "mysql"} {
		for _, dir2 := range []string{"up", "down"} {
			p := filepath.Join(dir, d, strings.Replace("000N_add_thing."+dir2+".sql", "000N", padded(next), 1))
			if !strings.Contains(r.stdout, p+"\n") {
				t.Errorf("stdout %q lacks %s", r.stdout, p)
			}
			if text := readText(t, p); !strings.HasPrefix(text, "-- add_thing ("+d+")") || strings.Count(text, "\n") != 1 {
				t.Errorf("%s = %q; want a one-line comment", p, text)
			}
		}
	}
	if r := mustLoader(t, nil, "migrate", "new", "again", "--dir", dir); !strings.Contains(r.stdout, padded(next+1)+"_again.up.sql") {
		t.Fatalf("second new: %q; want version %d", r.stdout, next+1)
	}
	before := len(migrationPaths(t, dir))
	if r := loader(t, nil, "migrate", "new", "Add-Thing", "--dir", dir); r.code != 2 || !strings.Contains(errLine(t, r), `"Add-Thing" is not snake_case`) {
		t.Fatalf("bad name: exit %d, stderr %q", r.code, r.stderr)
	}
	if after := len(migrationPaths(t, dir)); after != before {
		t.Fatalf("a refused name wrote %d file(s)", after-before)
	}
}

func padded(v uint) string { return fmt.Sprintf("%04d", v) }

// `migrate diff` on the shipped files writes nothing.
func TestMigrateDiffNothingToDo(t *testing.T) {
	dir := embeddedDir(t)
	before := len(migrationPaths(t, dir))
	r := mustLoader(t, nil, "migrate", "diff", "nothing", "--dir", dir)
	if r.stdout != "Nothing to do: the migrations match the models\n" {
		t.Fatalf("stdout %q", r.stdout)
	}
	if after := len(migrationPaths(t, dir)); after != before {
		t.Fatalf("diff wrote %d file(s)", after-before)
	}
	if r := loader(t, nil, "migrate", "diff", "x", "--dir", filepath.Join(dir, "absent")); r.code != 1 || !strings.Contains(errLine(t, r), "point --dir at the folder") {
		t.Fatalf("diff on a missing folder: exit %d, stderr %q", r.code, r.stderr)
	}
}

// With a migration missing from the files (0003, which creates
// load_leases), `migrate diff` writes it for every database at the next
// free version; applied from the folder, `migrate check` passes.
func TestMigrateDiffWritesMissingTable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		dir := embeddedDir(t)
		removed, err := filepath.Glob(filepath.Join(dir, "*", "0003_*.sql"))
		if err != nil || len(removed) != 6 {
			t.Fatalf("0003 files: %q, %v", removed, err)
		}
		for _, p := range removed {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		}
		name := fmt.Sprintf("%04d_create_load_leases", lastVersion(t, dir)+1)
		r := mustLoader(t, nil, "migrate", "diff", "create_load_leases", "--dir", dir)
		if strings.Count(r.stdout, name+".") != 6 || r.stderr != "" {
			t.Fatalf("diff: stdout %q stderr %q, want the six %s files", r.stdout, r.stderr, name)
		}
		if up := readText(t, filepath.Join(dir, "postgres", name+".up.sql")); !strings.Contains(up, `CREATE TABLE "load_leases"`) {
			t.Fatalf("postgres up:\n%s", up)
		}
		env := map[string]string{"LOADER_DATABASE_URL": url}
		mustLoader(t, env, "migrate", "up", "--migrations-dir", dir)
		if r := mustLoader(t, env, "migrate", "check", "--migrations-dir", dir); !strings.Contains(r.stdout, "schema matches the models") {
			t.Fatalf("check: %q", r.stdout)
		}
		mustLoader(t, env, "migrate", "down", "--migrations-dir", dir)
		if r := loader(t, env, "migrate", "check", "--migrations-dir", dir); r.code != 1 {
			t.Fatalf("check after down: exit %d", r.code)
		}
	})
}

// A column renamed in the files but not in the models reads as one dropped
// and one added: stderr names the possible rename and the DROP is
// commented out.
func TestMigrateDiffNamesPossibleRename(t *testing.T) {
	dir := embeddedDir(t)
	next := padded(last(embedded(t, "sqlite")) + 1)
	for _, d := range []string{"postgres", "sqlite", "mysql"} {
		write(t, filepath.Join(dir, d, next+"_rename.up.sql"), "ALTER TABLE load_leases RENAME COLUMN acquired_at TO taken_at;\n")
		write(t, filepath.Join(dir, d, next+"_rename.down.sql"), "ALTER TABLE load_leases RENAME COLUMN taken_at TO acquired_at;\n")
	}
	r := mustLoader(t, nil, "migrate", "diff", "fix_leases", "--dir", dir)
	if !strings.Contains(r.stderr, "warning: load_leases: column taken_at dropped and acquired_at added: if this is a rename, use RENAME COLUMN") {
		t.Fatalf("stderr %q does not name the possible rename", r.stderr)
	}
	up := readText(t, filepath.Join(dir, "postgres", padded(last(embedded(t, "sqlite"))+2)+"_fix_leases.up.sql"))
	for _, want := range []string{
		"-- if taken_at was renamed to acquired_at, use ALTER TABLE load_leases RENAME COLUMN taken_at TO acquired_at",
		`-- ALTER TABLE "load_leases" DROP COLUMN "taken_at";`,
		`ALTER TABLE "load_leases" ADD COLUMN "acquired_at" timestamptz NOT NULL;`,
	} {
		if !strings.Contains(up, want) {
			t.Errorf("postgres up lacks %q:\n%s", want, up)
		}
	}
}

// lastVersion is the highest version of the migration files in dir's
// postgres folder.
func lastVersion(t *testing.T, dir string) int {
	t.Helper()
	ups, err := filepath.Glob(filepath.Join(dir, "postgres", "*.up.sql"))
	if err != nil || len(ups) == 0 {
		t.Fatalf("migrations in %s: %q, %v", dir, ups, err)
	}
	last := 0
	for _, p := range ups {
		v, err := strconv.Atoi(strings.SplitN(filepath.Base(p), "_", 2)[0])
		if err != nil {
			t.Fatalf("migration file name %s: %v", p, err)
		}
		last = max(last, v)
	}
	return last
}
