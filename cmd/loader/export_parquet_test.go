package main

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// parquetDDL creates the same table in each dialect: decimals of three
// widths, timestamps, dates, booleans, integers, floats and text.
var parquetDDL = map[string]string{
	"postgres": "CREATE TABLE pq (id integer PRIMARY KEY, amount numeric(16,2), wide numeric(30,10), small numeric(5,2), at timestamptz, day date, ok boolean, qty bigint, ratio double precision, note text)",
	"sqlite":   "CREATE TABLE pq (id integer PRIMARY KEY, amount numeric(16,2), wide numeric(30,10), small numeric(5,2), at datetime, day date, ok boolean, qty bigint, ratio double precision, note text)",
	"mysql":    "CREATE TABLE pq (id integer PRIMARY KEY, amount numeric(16,2), wide numeric(30,10), small numeric(5,2), at datetime(6), day date, ok boolean, qty bigint, ratio double, note text)",
}

// parquetRows are the rows of pq, as SQL values ({ts} as in exportRows);
// the decimals have at most 15 significant digits but amount's, which
// SQLite keeps exactly as an 8-byte float.
var parquetRows = []string{
	`(1, 12345678901234.56, -12345.6789012345, 999.99, '2024-01-02 03:04:05.123456{ts}', '2024-02-29', true, 9007199254740993, 0.25, '` + unicodeNote + `')`,
	`(2, -0.01, 0.0000000001, -0.01, '1969-12-31 23:59:59.999999{ts}', '1900-01-01', false, -9223372036854775807, -1.5, '')`,
	`(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
	`(4, 0, 0, 0, '2000-01-01 00:00:00{ts}', '1970-01-01', true, 0, 1e300, '{"a": [1, "ü"]}')`,
}

// wantParquet is what the parquet source reads back from pq's export,
// from every database.
var wantParquet = []string{
	`int:1 | dec(2):12345678901234.56 | dec(10):-12345.6789012345 | dec(2):999.99 | time:2024-01-02T03:04:05.123456Z | time:2024-02-29T00:00:00Z | bool:true | int:9007199254740993 | float:0.25 | "` + unicodeNote + `"`,
	`int:2 | dec(2):-0.01 | dec(10):0.0000000001 | dec(2):-0.01 | time:1969-12-31T23:59:59.999999Z | time:1900-01-01T00:00:00Z | bool:false | int:-9223372036854775807 | float:-1.5 | ""`,
	`int:3 | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL`,
	`int:4 | dec(2):0.00 | dec(10):0.0000000000 | dec(2):0.00 | time:2000-01-01T00:00:00Z | time:1970-01-01T00:00:00Z | bool:true | int:0 | float:1e+300 | "{\"a\": [1, \"ü\"]}"`,
}

// wantParquetTypes are the columns of pq's export, from every database.
var wantParquetTypes = []string{
	"id optional INT64 INT(64,true)",
	"amount optional INT64 DECIMAL(16,2)",
	"wide optional FIXED_LEN_BYTE_ARRAY DECIMAL(30,10)",
	"small optional INT32 DECIMAL(5,2)",
	"at optional INT64 TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)",
	"day optional INT32 DATE",
	"ok optional BOOLEAN -",
	"qty optional INT64 INT(64,true)",
	"ratio optional DOUBLE -",
	"note optional BYTE_ARRAY STRING",
}

// eachParquet migrates a fresh database of each dialect, creates pq in it
// and runs fn with the CLI's environment and a folder to write.
func eachParquet(t *testing.T, fn func(t *testing.T, env map[string]string, dir string)) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := map[string]string{"LOADER_DATABASE_URL": url}
		mustLoader(t, env, "migrate", "up")
		d := dialectOf(url)
		execSQL(t, url, parquetDDL[d])
		offset := map[string]string{"postgres": "+00", "sqlite": "+00:00"}[d]
		for _, r := range parquetRows {
			execSQL(t, url, "INSERT INTO pq VALUES "+strings.ReplaceAll(r, "{ts}", offset))
		}
		fn(t, env, t.TempDir())
	})
}

// TestExportParquetRoundTrip: a table of decimals, timestamps, dates,
// booleans, NULLs and unicode text exports from SQLite, PostgreSQL and
// MariaDB to a Parquet file of the same exact types, whose values the
// parquet source reads back equal: decimals exact, timestamps UTC to the
// microsecond, NULL distinct from empty text. The manifest is the file's.
func TestExportParquetRoundTrip(t *testing.T) {
	eachParquet(t, func(t *testing.T, env map[string]string, dir string) {
		path := filepath.Join(dir, "pq.parquet")
		out := mustLoader(t, env, "export", "pq", "--to", path).stdout
		sameRows(t, "types", wantParquetTypes, parquetTypes(t, path))
		names, rows := readParquet(t, path)
		if strings.Join(names, ",") != "id,amount,wide,small,at,day,ok,qty,ratio,note" {
			t.Fatalf("columns %v", names)
		}
		sameRows(t, "rows read back", wantParquet, rows)
		body := readFile(t, path)
		sum := sha256.Sum256([]byte(body))
		m := readManifest(t, path)
		if m.Format != "parquet" || m.Rows != 4 || m.Bytes != int64(len(body)) || m.SHA256 != hex.EncodeToString(sum[:]) || len(m.Columns) != 10 || m.Columns[1].Kind != "decimal" {
			t.Fatalf("manifest %+v: want parquet, 4 rows, %d bytes, sha256 %x", m, len(body), sum)
		}
		if !strings.HasPrefix(out, "exported 4 rows of pq to "+path+" (") {
			t.Fatalf("summary %q", out)
		}
	})
}

// TestExportParquetQuery: --format parquet writes a query's rows, in its
// order, whatever the file's extension, with the types of the columns it
// reads (a decimal's precision and scale from the result's metadata).
func TestExportParquetQuery(t *testing.T) {
	const query = "SELECT id, amount, at, day, note AS remark FROM pq WHERE id > 1 ORDER BY id DESC"
	eachParquet(t, func(t *testing.T, env map[string]string, dir string) {
		path := filepath.Join(dir, "rows.out")
		mustLoader(t, env, "export", "--query", query, "--to", path, "--format", "parquet")
		sameRows(t, "types", []string{
			"id optional INT64 INT(64,true)", "amount optional INT64 DECIMAL(16,2)",
			"at optional INT64 TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)", "day optional INT32 DATE", "remark optional BYTE_ARRAY STRING",
		}, parquetTypes(t, path))
		_, rows := readParquet(t, path)
		sameRows(t, "rows read back", []string{
			`int:4 | dec(2):0.00 | time:2000-01-01T00:00:00Z | time:1970-01-01T00:00:00Z | "{\"a\": [1, \"ü\"]}"`,
			`int:3 | NULL | NULL | NULL | NULL`,
			`int:2 | dec(2):-0.01 | time:1969-12-31T23:59:59.999999Z | time:1900-01-01T00:00:00Z | ""`,
		}, rows)
		if m := readManifest(t, path); m.Format != "parquet" || m.Rows != 3 || m.QuerySHA256 == "" {
			t.Fatalf("manifest %+v", m)
		}
	})
}

// TestExportParquetRowGroups: 300k rows export in row groups of at most
// parquetGroupRows rows (what bounds the writer's memory), read back
// whole.
func TestExportParquetRowGroups(t *testing.T) {
	const n = 300_000
	env := bigTable(t, n)
	path := filepath.Join(t.TempDir(), "big.parquet")
	mustLoader(t, env, "export", "big", "--to", path)
	f := openParquet(t, path)
	groups, total := f.RowGroups(), int64(0)
	for _, g := range groups {
		if g.NumRows() > parquetGroupRows {
			t.Fatalf("a row group of %d rows, more than %d", g.NumRows(), parquetGroupRows)
		}
		total += g.NumRows()
	}
	if len(groups) != 3 || total != n || f.NumRows() != n {
		t.Fatalf("%d row groups of %d rows (file: %d): want 3 of %d", len(groups), total, f.NumRows(), n)
	}
	_, rows := readParquet(t, path)
	if len(rows) != n || rows[n-1] != `int:300000 | dec(2):375000.00 | time:2024-01-02T03:04:05.123456Z | "row, \"number\" 300000"` {
		t.Fatalf("%d rows read back, the last %q", len(rows), rows[len(rows)-1])
	}
	if m := readManifest(t, path); m.Rows != n || m.Format != "parquet" {
		t.Fatalf("manifest %+v", m)
	}
}
