package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// exportDDL creates the same table in each dialect: decimals, timestamps,
// dates, booleans, integers, floats and text.
var exportDDL = map[string]string{
	"postgres": "CREATE TABLE %s (id integer PRIMARY KEY, amount numeric(12,2), at timestamptz, day date, ok boolean, qty bigint, ratio double precision, note text)",
	"sqlite":   "CREATE TABLE %s (id integer PRIMARY KEY, amount numeric(12,2), at datetime, day date, ok boolean, qty bigint, ratio double precision, note text)",
	"mysql":    "CREATE TABLE %s (id integer PRIMARY KEY, amount numeric(12,2), at datetime(6), day date, ok boolean, qty bigint, ratio double, note text)",
}

// unicodeNote is text beyond ASCII (Japanese for "Japanese", emoji), with
// a leading space.
const unicodeNote = " Ünïcödé \u65e5\u672c\u8a9e ✓ 🚀"

// exportRows are the rows of the exported table, as SQL values; {ts}
// stands for a timestamp literal's UTC offset where the dialect takes one.
var exportRows = []string{
	`(4, 0, '2024-06-30 12:00:00.000001{ts}', '2000-01-01', true, 0, 0.125, '` + unicodeNote + `')`,
	`(1, 1234567.89, '2024-01-02 03:04:05.123456{ts}', '2024-02-29', true, 9007199254740993, 0.25, 'plain')`,
	`(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
	`(3, -0.05, '1999-12-31 23:59:59{ts}', '1970-01-01', false, -1, -1.5, 'comma, "quote"` + "\n" + `new line')`,
}

// wantExportCSV and wantExportNDJSON are what every database exports.
const (
	wantExportCSV = "id,amount,at,day,ok,qty,ratio,note\n" +
		"1,1234567.89,2024-01-02T03:04:05.123456Z,2024-02-29,true,9007199254740993,0.25,plain\n" +
		"2,,,,,,,\n" +
		"3,-0.05,1999-12-31T23:59:59.000000Z,1970-01-01,false,-1,-1.5,\"comma, \"\"quote\"\"\nnew line\"\n" +
		"4,0.00,2024-06-30T12:00:00.000001Z,2000-01-01,true,0,0.125,\"" + unicodeNote + "\"\n"
	wantExportNDJSON = `{"id":1,"amount":"1234567.89","at":"2024-01-02T03:04:05.123456Z","day":"2024-02-29","ok":true,"qty":9007199254740993,"ratio":0.25,"note":"plain"}` + "\n" +
		`{"id":2,"amount":null,"at":null,"day":null,"ok":null,"qty":null,"ratio":null,"note":null}` + "\n" +
		`{"id":3,"amount":"-0.05","at":"1999-12-31T23:59:59.000000Z","day":"1970-01-01","ok":false,"qty":-1,"ratio":-1.5,"note":"comma, \"quote\"\nnew line"}` + "\n" +
		`{"id":4,"amount":"0.00","at":"2024-06-30T12:00:00.000001Z","day":"2000-01-01","ok":true,"qty":0,"ratio":0.125,"note":"` + unicodeNote + `"}` + "\n"
)

// makeExportTable creates table in the database at url, with exportRows.
func makeExportTable(t *testing.T, url, table string) {
	t.Helper()
	d := dialectOf(url)
	execSQL(t, url, strings.Replace(exportDDL[d], "%s", table, 1))
	offset := map[string]string{"postgres": "+00", "sqlite": "+00:00"}[d]
	for _, r := range exportRows {
		execSQL(t, url, "INSERT INTO "+table+" VALUES "+strings.ReplaceAll(r, "{ts}", offset))
	}
}

// exportEnv migrates a fresh database of each dialect, creates the table
// exp in it and runs fn with the CLI's environment and a folder to write.
func eachExport(t *testing.T, fn func(t *testing.T, env map[string]string, url, dir string)) {
	dbtest.Each(t, func(t *testing.T, url string) {
		dir := t.TempDir()
		env := map[string]string{"LOADER_DATABASE_URL": url}
		mustLoader(t, env, "migrate", "up")
		makeExportTable(t, url, "exp")
		fn(t, env, url, dir)
	})
}

// readManifest reads PATH.manifest.json.
func readManifest(t *testing.T, path string) manifest {
	t.Helper()
	body, err := os.ReadFile(path + ".manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("manifest: %v\n%s", err, body)
	}
	return m
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestExportSameBytesOnEveryDatabase: a table of decimals, timestamps,
// dates, NULLs, booleans and text with commas, quotes, new lines and
// unicode exports to the very same bytes from SQLite, PostgreSQL and
// MariaDB, as CSV and as NDJSON, in key order, and the manifest's rows,
// bytes and SHA-256 are the file's.
func TestExportSameBytesOnEveryDatabase(t *testing.T) {
	eachExport(t, func(t *testing.T, env map[string]string, _, dir string) {
		for _, tc := range []struct{ file, want string }{{"exp.csv", wantExportCSV}, {"exp.ndjson", wantExportNDJSON}, {"exp.jsonl", wantExportNDJSON}} {
			path := filepath.Join(dir, tc.file)
			out := mustLoader(t, env, "export", "exp", "--to", path).stdout
			got := readFile(t, path)
			if got != tc.want {
				t.Fatalf("%s:\n%s\nwant:\n%s", tc.file, got, tc.want)
			}
			sum := sha256.Sum256([]byte(got))
			m := readManifest(t, path)
			if m.Rows != 4 || m.Bytes != int64(len(got)) || m.SHA256 != hex.EncodeToString(sum[:]) || m.Table != "exp" || len(m.Columns) != 8 || m.ExportedAt.IsZero() {
				t.Fatalf("manifest %+v: want 4 rows, %d bytes, sha256 %x", m, len(got), sum)
			}
			if want := "exported 4 rows of exp to " + path + " ("; !strings.HasPrefix(out, want) || !strings.Contains(out, hex.EncodeToString(sum[:])[:12]) {
				t.Fatalf("summary %q: want %q… with the sha256", out, want)
			}
		}
	})
}

// TestExportQuery: --query exports the rows of one read-only query, in
// its own order, the same from every database, and the manifest names the
// query by its SHA-256.
func TestExportQuery(t *testing.T) {
	const query = "SELECT id, amount, day, note AS remark FROM exp WHERE id > 1 ORDER BY id DESC"
	want := "id,amount,day,remark\n" +
		"4,0.00,2000-01-01,\"" + unicodeNote + "\"\n" +
		"3,-0.05,1970-01-01,\"comma, \"\"quote\"\"\nnew line\"\n" +
		"2,,,\n"
	eachExport(t, func(t *testing.T, env map[string]string, _, dir string) {
		path := filepath.Join(dir, "q.csv")
		mustLoader(t, env, "export", "--query", query, "--to", path)
		if got := readFile(t, path); got != want {
			t.Fatalf("got:\n%s\nwant:\n%s", got, want)
		}
		sum := sha256.Sum256([]byte(query))
		if m := readManifest(t, path); m.Rows != 3 || m.QuerySHA256 != hex.EncodeToString(sum[:]) || m.Table != "" || m.Format != "csv" {
			t.Fatalf("manifest %+v", m)
		}
	})
}

// TestExportRefusals: what export refuses, in one line saying what to do,
// writing nothing and changing nothing.
func TestExportRefusals(t *testing.T) {
	eachExport(t, func(t *testing.T, env map[string]string, url, dir string) {
		to := filepath.Join(dir, "out.csv")
		for _, tc := range []struct {
			name string
			args []string
			code int
			want string
		}{
			{"unknown table", []string{"export", "nope", "--to", to}, exitError, `no such table "nope" in the warehouse; its tables: api_orders, exp, mongo_orders, queue_events, sales_data, transformed_sales_data;`},
			{"runs", []string{"export", "load_runs", "--to", to}, exitError, "load_runs is one of the loader's own tables (bookkeeping, migrations or staging), not data: export a data table"},
			{"migrations", []string{"export", "schema_migrations", "--to", to}, exitError, "schema_migrations is one of the loader's own tables"},
			{"delete", []string{"export", "--query", "DELETE FROM exp", "--to", to}, exitError, "an export only reads: a query must be a SELECT (or WITH … SELECT, VALUES, TABLE), not DELETE; give one SELECT"},
			{"with delete", []string{"export", "--query", "WITH d AS (DELETE FROM exp RETURNING id) SELECT * FROM d", "--to", to}, exitError, "the query's WITH clause runs DELETE; a query may only read"},
			{"two statements", []string{"export", "--query", "SELECT 1; DROP TABLE exp", "--to", to}, exitError, "the query holds 2 statements"},
			{"json keys", []string{"export", "--query", "SELECT id, id FROM exp", "--to", filepath.Join(dir, "q.ndjson")}, exitError, "the result has two columns named id, which one JSON object cannot hold"},
			{"both", []string{"export", "exp", "--query", "SELECT 1", "--to", to}, exitUsage, "give a TABLE or --query, not both"},
			{"neither", []string{"export", "--to", to}, exitUsage, "name the TABLE to export, or give --query SQL"},
			{"no --to", []string{"export", "exp"}, exitUsage, "--to PATH is required"},
			{"s3 without a key", []string{"export", "exp", "--to", "s3://bucket/"}, exitUsage, "--to s3://bucket/: name the object to write, s3://BUCKET/KEY"},
			{"extension", []string{"export", "exp", "--to", filepath.Join(dir, "out.txt")}, exitUsage, "cannot tell the format of"},
			{"format", []string{"export", "exp", "--to", to, "--format", "xml"}, exitUsage, `--format "xml": use csv, ndjson or parquet`},
			{"directory", []string{"export", "exp", "--to", dir}, exitUsage, "is a directory"},
		} {
			r := loader(t, env, tc.args...)
			if line := errLine(t, r); r.code != tc.code || !strings.Contains(line, tc.want) {
				t.Errorf("%s: exit %d, %q; want exit %d and %q", tc.name, r.code, line, tc.code, tc.want)
			}
		}
		// A write past the text checks: the database refuses it (MariaDB
		// has no WITH … INSERT and refuses it as a syntax error).
		r := loader(t, env, "export", "--query", "WITH x AS (SELECT 1) INSERT INTO exp (id) SELECT 9", "--to", to)
		if line := errLine(t, r); r.code != exitError || dialectOf(url) != "mysql" && !strings.Contains(line, "exporting the query: an export only reads: ") {
			t.Errorf("a write the database refuses: exit %d, %q", r.code, line)
		}
		if n := count(t, openStore(t, url), "SELECT count(*) FROM exp"); n != 4 {
			t.Fatalf("exp holds %d rows after the refused writes, want 4", n)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("refusals left files: %v", entries)
		}
	})
}

// TestExportHidesThePassword: an error naming the warehouse never shows
// its password.
func TestExportHidesThePassword(t *testing.T) {
	const secret = "s3cr3t-export-pw"
	env := map[string]string{"LOADER_DATABASE_URL": "postgres://loader:" + secret + "@127.0.0.1:1/test?sslmode=disable", "LOADER_CONNECT_TIMEOUT": "2s"}
	r := loader(t, env, "export", "exp", "--to", filepath.Join(t.TempDir(), "exp.csv"))
	if r.code != exitError || strings.Contains(r.stderr+r.stdout, secret) {
		t.Fatalf("exit %d, %q", r.code, r.stderr)
	}
}

// TestExportForce: an existing file is replaced only with --force, whole.
func TestExportForce(t *testing.T) {
	eachExport(t, func(t *testing.T, env map[string]string, _, dir string) {
		path := filepath.Join(dir, "exp.csv")
		if err := os.WriteFile(path, []byte("keep me\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		r := loader(t, env, "export", "exp", "--to", path)
		if line := errLine(t, r); r.code != exitUsage || !strings.Contains(line, "exists; pass --force to replace it") {
			t.Fatalf("exit %d, %q", r.code, line)
		}
		if got := readFile(t, path); got != "keep me\n" {
			t.Fatalf("the file was changed without --force: %q", got)
		}
		mustLoader(t, env, "export", "exp", "--to", path, "--force")
		if got := readFile(t, path); got != wantExportCSV {
			t.Fatalf("after --force:\n%s", got)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 2 {
			t.Fatalf("want the file and its manifest, got %v", entries)
		}
	})
}

// TestExportRoundTrip: a table exported to CSV and loaded back by a csv
// pipeline into an empty copy holds the same rows (its export is the same
// bytes); a model's table exports by its model, header first.
func TestExportRoundTrip(t *testing.T) {
	eachExport(t, func(t *testing.T, env map[string]string, url, dir string) {
		path := filepath.Join(dir, "exp.csv")
		mustLoader(t, env, "export", "exp", "--to", path)
		makeExportTable(t, url, "exp_copy")
		execSQL(t, url, "DELETE FROM exp_copy")
		pipelines := filepath.Join(dir, "pipelines.yaml")
		body := "pipelines:\n  back:\n    source: {csv: {path: " + path + "}}\n    target: exp_copy\n"
		if err := os.WriteFile(pipelines, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		env["LOADER_PIPELINES"] = pipelines
		if out := mustLoader(t, env, "run", "back").stdout; !strings.Contains(out, "4 read, 4 loaded, 0 rejected") {
			t.Fatalf("run: %s", out)
		}
		back := filepath.Join(dir, "back.csv")
		mustLoader(t, env, "export", "exp_copy", "--to", back)
		if got := readFile(t, back); got != wantExportCSV {
			t.Fatalf("exported again after the round trip:\n%s", got)
		}
		sales := filepath.Join(dir, "sales.ndjson")
		mustLoader(t, env, "export", "transformed_sales_data", "--to", sales)
		if m := readManifest(t, sales); m.Rows != 0 || len(m.Columns) < 3 || m.Columns[0].Name != "order_id" || m.Columns[1].Kind != "timestamp" || readFile(t, sales) != "" {
			t.Fatalf("model table: manifest %+v", m)
		}
	})
}

// bigTable creates a SQLite warehouse whose table big holds n rows.
func bigTable(t *testing.T, n int) map[string]string {
	t.Helper()
	url := dbtest.SQLite(t)
	env := map[string]string{"LOADER_DATABASE_URL": url}
	mustLoader(t, env, "migrate", "up")
	execSQL(t, url, "CREATE TABLE big (id integer PRIMARY KEY, amount numeric(12,2), at datetime, note text)")
	execSQL(t, url, fmt.Sprintf(`INSERT INTO big WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %d)
		SELECT x, x * 1.25, '2024-01-02 03:04:05.123456+00:00', 'row, "number" ' || x FROM c`, n))
	return env
}
