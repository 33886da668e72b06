package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScaffoldUsage: a call without --from or with a bad --sample is a
// usage error (exit 2); a refusal exits 1 with one line naming the cause.
func TestScaffoldUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"scaffold", "movies"}, exitUsage, "--from FILE is required"},
		{[]string{"scaffold", "movies", "--from", "x.csv", "--sample", "0"}, exitUsage, "--sample 0: read at least one record"},
		{[]string{"scaffold"}, exitUsage, "takes 1 argument(s)"},
		{[]string{"scaffold", "Movies", "--from", "x.csv"}, exitError, `name "Movies" is not snake_case`},
		{[]string{"scaffold", "sales_data", "--from", "../../testdata/sales/sales.csv", "--dir", "../.."}, exitError, "the project has a table sales_data already"},
	} {
		r := loader(t, nil, tc.args...)
		if r.code != tc.code || !strings.Contains(errLine(t, r), tc.want) {
			t.Errorf("loader %s: exit %d, %q; want exit %d and %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.code, tc.want)
		}
	}
}

// TestScaffoldDir: --dir and --file point the files elsewhere; the
// output lists every file written and the next commands.
func TestScaffoldDir(t *testing.T) {
	dir, csv := scaffoldProject(t)
	file := filepath.Join(dir, "etc", "p.yaml")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	r := mustLoader(t, nil, "scaffold", "codes", "--from", csv, "--dir", dir, "--file", file, "--key", "Code")
	for _, want := range []string{
		"wrote " + filepath.Join(dir, "models", "codes.go") + "\n",
		"wrote " + filepath.Join(dir, "migrations", "sqlite", "0002_create_codes.up.sql") + "\n",
		"wrote " + file + " (pipeline codes)\n",
		"codes: 2 columns, inferred from 1 record of in.csv\n",
		"make migrate",
		"bin/loader run codes --file " + file,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	body, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), "path: ../in.csv") {
		t.Errorf("source path not relative to the pipeline file:\n%s", body)
	}
}

// scaffoldProject returns a project folder with one migration per
// database and a models folder, and a sample CSV in it.
func scaffoldProject(t *testing.T) (dir, csv string) {
	t.Helper()
	dir = t.TempDir()
	for _, d := range []string{"postgres", "sqlite", "mysql"} {
		if err := os.MkdirAll(filepath.Join(dir, "migrations", d), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"0001_a.up.sql", "0001_a.down.sql"} {
			if err := os.WriteFile(filepath.Join(dir, "migrations", d, f), []byte("SELECT 1;\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "models"), 0o755); err != nil {
		t.Fatal(err)
	}
	csv = filepath.Join(dir, "in.csv")
	if err := os.WriteFile(csv, []byte("Code,Amount\n007,1.50\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, csv
}

// TestScaffoldForceWarns: --force rewriting the create migration in
// place warns on stderr that databases which applied it keep the old
// table, and says what to do; a first scaffold does not.
func TestScaffoldForceWarns(t *testing.T) {
	dir, csv := scaffoldProject(t)
	args := []string{"scaffold", "codes", "--from", csv, "--dir", dir}
	if r := mustLoader(t, nil, args...); r.stderr != "" {
		t.Errorf("first scaffold printed on stderr: %q", r.stderr)
	}
	r := mustLoader(t, nil, append(args, "--force", "--key", "Code")...)
	want := "warning: rewrote migrations/*/0002_create_codes.*: a database that applied the old version keeps the old table; " +
		"there, run `loader migrate down` with the previous bin/loader first, or restore the old files and write the change as a new migration with `loader migrate diff`\n"
	if r.stderr != want {
		t.Errorf("scaffold --force stderr = %q, want %q", r.stderr, want)
	}
}
