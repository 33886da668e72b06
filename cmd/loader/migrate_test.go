package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/drivers"
)

func TestMigrateDefaultsToSQLiteInWorkingDir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	r := mustLoader(t, nil, "migrate", "up")
	files := embedded(t, "sqlite")
	if want := fmt.Sprintf("applied %d migration(s); version %d", len(files), last(files)); !strings.Contains(r.stdout, want) {
		t.Fatalf("stdout %q", r.stdout)
	}
	s, err := repository.Open(context.Background(), "sqlite://"+filepath.Join(dir, "warehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	for _, m := range models.All() {
		table, err := s.TableOf(m)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.HasTable(context.Background(), table.Name); !ok {
			t.Errorf("table %s missing from warehouse.db", table.Name)
		}
	}
}

func TestMigrateRoundTripStatusAndCheck(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := map[string]string{"LOADER_DATABASE_URL": url}
		files := embedded(t, dialectOf(url))
		mustLoader(t, env, "migrate", "up")
		st := mustLoader(t, env, "migrate", "status").stdout
		if strings.Count(st, "applied") != len(files) || strings.Contains(st, "pending") {
			t.Fatalf("status after up:\n%s", st)
		}
		mustLoader(t, env, "migrate", "check")
		mustLoader(t, env, "migrate", "down")
		if st := mustLoader(t, env, "migrate", "status").stdout; !regexp.MustCompile(regexp.QuoteMeta(files[len(files)-1].Name) + " +pending").MatchString(st) {
			t.Fatalf("status after down:\n%s", st)
		}
		if r := loader(t, env, "migrate", "check"); r.code != 1 || !strings.Contains(errLine(t, r), "run `loader migrate up` first") {
			t.Fatalf("check on a half-migrated database: %+v", r)
		}
		mustLoader(t, env, "migrate", "up")
		if v := mustLoader(t, env, "migrate", "version").stdout; v != fmt.Sprintf("version %d\n", last(files)) {
			t.Fatalf("version = %q", v)
		}
		mustLoader(t, env, "migrate", "goto", "0")
		mustLoader(t, env, "migrate", "goto", fmt.Sprint(last(files)))
		mustLoader(t, env, "migrate", "check")
	})
}

func TestMigrateCheckNamesDrift(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := map[string]string{"LOADER_DATABASE_URL": url}
		mustLoader(t, env, "migrate", "up")
		s, err := repository.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		err = s.Scope(context.Background(), func(sess *repository.Session) error {
			return sess.Exec(context.Background(), "ALTER TABLE load_runs DROP COLUMN rows_rejected")
		})
		if err != nil {
			t.Fatal(err)
		}
		r := loader(t, env, "migrate", "check")
		if r.code != 1 || !strings.Contains(r.stdout, "drift: load_runs.rows_rejected: declared by LoadRun.RowsRejected but missing") {
			t.Fatalf("check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		errLine(t, r)
	})
}

// brokenDir writes the embedded migrations plus a failing one to a folder.
func brokenDir(t *testing.T) string {
	dir := embeddedDir(t)
	for _, d := range drivers.Names() {
		write(t, filepath.Join(dir, d, "9003_add_discount.up.sql"), "ALTER TABLE sales_data ADD COLUMN discount text;\nALTER TABLE no_such_table ADD COLUMN x text;\n")
		write(t, filepath.Join(dir, d, "9003_add_discount.down.sql"), "ALTER TABLE sales_data DROP COLUMN discount;\n")
	}
	return dir
}

// embeddedDir writes the embedded migrations to a folder.
func embeddedDir(t *testing.T) string {
	dir := t.TempDir()
	err := fs.WalkDir(migrations.Embedded, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, p), 0o755)
		}
		b, err := fs.ReadFile(migrations.Embedded, p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// embedded returns the embedded migrations of a dialect.
func embedded(t *testing.T, dialect string) []migrations.File {
	t.Helper()
	files, err := migrations.ReadFiles(migrations.Embedded, dialect)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// last returns the last version of files.
func last(files []migrations.File) uint { return files[len(files)-1].Version }

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBrokenMigrationLeavesVersionClean(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := map[string]string{"LOADER_DATABASE_URL": url}
		at := fmt.Sprintf("version %d", last(embedded(t, dialectOf(url))))
		dir := brokenDir(t)
		r := loader(t, env, "migrate", "up", "--migrations-dir", dir)
		line := errLine(t, r)
		if dialectOf(url) == "mysql" {
			brokenMigrationLeftDirty(t, env, url, dir, line, last(embedded(t, "mysql")))
			return
		}
		for _, want := range []string{"9003_add_discount.up.sql", "ALTER TABLE no_such_table ADD COLUMN x text", "no_such_table", "stays at " + at} {
			if !strings.Contains(line, want) {
				t.Errorf("error %q lacks %q", line, want)
			}
		}
		if r.code != 1 {
			t.Fatalf("exit %d", r.code)
		}
		if v := mustLoader(t, env, "migrate", "version").stdout; v != at+"\n" {
			t.Fatalf("version after the failure: %q, want clean %s", v, at)
		}
		mustLoader(t, env, "migrate", "check") // the discount column was rolled back
	})
}

// brokenMigrationLeftDirty checks a failed 9003_add_discount where DDL
// commits implicitly (MySQL): the error names the file and the statement
// and says how to force either way, the version is 9003 dirty and refused,
// and undoing the first statement by hand and forcing the version before
// brings the warehouse back.
func brokenMigrationLeftDirty(t *testing.T, env map[string]string, url, dir, line string, before uint) {
	t.Helper()
	for _, want := range []string{"9003_add_discount.up.sql", "ALTER TABLE no_such_table ADD COLUMN x text", "no_such_table", "not transactional",
		"version 9003 is marked dirty", "inspect the schema", "`loader migrate force 9003`", fmt.Sprintf("`loader migrate force %d`", before)} {
		if !strings.Contains(line, want) {
			t.Errorf("error %q lacks %q", line, want)
		}
	}
	if v := mustLoader(t, env, "migrate", "version", "--migrations-dir", dir).stdout; v != "version 9003 (dirty)\n" {
		t.Fatalf("version after the failure: %q, want 9003 dirty", v)
	}
	if r := loader(t, env, "migrate", "up", "--migrations-dir", dir); r.code != 1 || !strings.Contains(r.stderr, "dirty at version 9003") {
		t.Fatalf("up on the dirty database: exit %d, %q", r.code, r.stderr)
	}
	execSQL(t, url, "ALTER TABLE sales_data DROP COLUMN discount")
	mustLoader(t, env, "migrate", "force", fmt.Sprint(before), "--migrations-dir", dir)
	mustLoader(t, env, "migrate", "check")
}

func TestBadInputGetsOneLineErrorAndChangesNothing(t *testing.T) {
	misnamed := t.TempDir()
	for _, d := range []string{"postgres", "sqlite"} {
		_ = os.MkdirAll(filepath.Join(misnamed, d), 0o755)
		write(t, filepath.Join(misnamed, d, "1_init.sql"), "CREATE TABLE x (id integer);")
	}
	url := dbtest.SQLite(t)
	env := map[string]string{"LOADER_DATABASE_URL": url}
	mustLoader(t, env, "migrate", "up")
	files := embedded(t, "sqlite")
	tooMany := fmt.Sprint(len(files) + 1)
	unknown := fmt.Sprint(last(files) + 1) // versions may have gaps; none is past the last
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"malformed url", []string{"--database", "postgres://bob:s3cret@host:port/db", "migrate", "up"}, 1, "invalid database URL"},
		{"unknown scheme", []string{"--database", "oracle://root@localhost/db", "migrate", "up"}, 1, `unknown scheme "oracle"`},
		{"unreachable", []string{"--database", "postgres://bob:s3cret@127.0.0.1:1/db", "migrate", "up"}, 1, "database unreachable"},
		{"misnamed file", []string{"migrate", "up", "--migrations-dir", misnamed}, 1, "1_init.sql is misnamed"},
		{"down past zero", []string{"migrate", "down", tooMany}, 1, fmt.Sprintf("cannot revert %s, only %d applied", tooMany, len(files))},
		{"force unknown version", []string{"migrate", "force", unknown}, 1, "no such migration version: " + unknown},
		{"goto unknown version", []string{"migrate", "goto", unknown}, 1, "no such migration version: " + unknown},
		{"bad count", []string{"migrate", "down", "-1"}, 2, "unknown shorthand flag"},
		{"not a number", []string{"migrate", "down", "two"}, 2, "N must be a whole number"},
		{"unknown subcommand", []string{"migrate", "sideways"}, 2, `unknown command "sideways"`},
		{"bad log format", []string{"--log-format", "xml", "migrate", "version"}, 2, "use text or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := loader(t, env, tt.args...)
			line := errLine(t, r)
			if r.code != tt.code || !strings.Contains(line, tt.want) || strings.Contains(r.stderr, "s3cret") {
				t.Fatalf("exit %d, %q; want exit %d containing %q and no password", r.code, line, tt.code, tt.want)
			}
			if v := mustLoader(t, env, "migrate", "version").stdout; v != fmt.Sprintf("version %d\n", last(files)) {
				t.Fatalf("version changed to %q", v)
			}
		})
	}
}

func TestHelpAndLogsNeverShowPasswords(t *testing.T) {
	env := map[string]string{"LOADER_DATABASE_URL": "postgres://bob:s3cret@127.0.0.1:1/db"}
	for _, args := range [][]string{{"--help"}, {"migrate", "--help"}, {"--log-format", "json", "--log-level", "debug", "migrate", "status"}} {
		r := loader(t, env, args...)
		if strings.Contains(r.stdout+r.stderr, "s3cret") {
			t.Fatalf("loader %v leaked the password:\n%s%s", args, r.stdout, r.stderr)
		}
	}
}

func TestJSONLogs(t *testing.T) {
	env := map[string]string{"LOADER_DATABASE_URL": dbtest.SQLite(t)}
	r := mustLoader(t, env, "--log-format", "json", "migrate", "up")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != len(embedded(t, "sqlite")) {
		t.Fatalf("want a log line per migration, got %q", r.stderr)
	}
	for _, l := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec["msg"] != "migration applied" {
			t.Fatalf("log line %q: %v", l, err)
		}
	}
}

// TestGolangMigrateCLICompatibility applies the migration folders with the
// real golang-migrate CLI, then checks the loader accepts the result.
func TestGolangMigrateCLICompatibility(t *testing.T) {
	migrate := buildMigrateCLI(t)
	root, err := filepath.Abs("../../migrations")
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, url string) {
		var cliURL, dir string
		switch d := dialectOf(url); d {
		case "postgres":
			cliURL, dir = strings.Replace(url, "postgres://", "pgx5://", 1), "postgres"
		case "sqlite":
			cliURL, dir = strings.Replace(url, "sqlite://", "sqlite3://", 1), "sqlite"
		case "mysql":
			cliURL, dir = migrateMySQLURL(t, url), "mysql"
		default:
			t.Fatalf("no fixture for dialect %s", d)
		}
		out, err := exec.Command(migrate, "-path", filepath.Join(root, dir), "-database", cliURL, "up").CombinedOutput()
		if err != nil {
			t.Fatalf("migrate CLI: %v\n%s", err, out)
		}
		env := map[string]string{"LOADER_DATABASE_URL": url}
		if st := mustLoader(t, env, "migrate", "status").stdout; strings.Contains(st, "pending") {
			t.Fatalf("status after the golang-migrate CLI:\n%s", st)
		}
		mustLoader(t, env, "migrate", "check")
		mustLoader(t, env, "migrate", "down")
		out, err = exec.Command(migrate, "-path", filepath.Join(root, dir), "-database", cliURL, "version").CombinedOutput()
		files := embedded(t, dir)
		if err != nil || strings.TrimSpace(string(out)) != fmt.Sprint(files[len(files)-2].Version) {
			t.Fatalf("migrate CLI version after loader down: %v %q", err, out)
		}
	})
}

// buildMigrateCLI installs the golang-migrate CLI, at the version go.mod
// requires, with its pgx5 and sqlite3 drivers.
// migrateMySQLURL spells a mysql:// URL as the golang-migrate CLI reads
// it: go-sql-driver's DSN after mysql://, running files whole.
func migrateMySQLURL(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("mysql://%s@tcp(%s)%s?multiStatements=true", u.User.String(), u.Host, u.Path)
}

func buildMigrateCLI(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "github.com/golang-migrate/migrate/v4").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	bin := t.TempDir()
	cmd := exec.Command("go", "install", "-tags", "pgx5 sqlite3 mysql", "github.com/golang-migrate/migrate/v4/cmd/migrate@"+strings.TrimSpace(string(out)))
	cmd.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=-mod=mod")
	cmd.Dir = bin
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the golang-migrate CLI: %v\n%s", err, b)
	}
	return filepath.Join(bin, "migrate")
}
