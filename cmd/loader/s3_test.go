package main

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/s3test"
	"github.com/warehouse-loader/loader/internal/salesgen"
)

// s3Env serves an S3 API with bucket "data" and returns it with env
// pointed at it.
func s3Env(t *testing.T, env map[string]string) (*s3test.Server, map[string]string) {
	t.Helper()
	srv := s3test.Start(t)
	srv.Bucket(t, "data")
	out := maps.Clone(env)
	maps.Copy(out, srv.Env())
	return srv, out
}

// salesCSV returns n generated sales rows as CSV, header first.
func salesCSV(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := salesgen.Write(&b, n, 42); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// salesRecords parses salesCSV's output: the data rows.
func salesRecords(t *testing.T, body []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

// salesNDJSONGz renders the rows as gzipped NDJSON objects.
func salesNDJSONGz(t *testing.T, recs [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	enc := json.NewEncoder(zw)
	for _, r := range recs {
		obj := map[string]string{}
		for i, name := range salesgen.Header {
			obj[name] = r[i]
		}
		if err := enc.Encode(obj); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// saleRow is a sales row as a Parquet row of text columns.
type saleRow struct {
	OrderID     string `parquet:"order_id"`
	SoldAt      string `parquet:"sold_at"`
	Customer    string `parquet:"customer"`
	Product     string `parquet:"product"`
	Region      string `parquet:"region"`
	Quantity    string `parquet:"quantity"`
	SalesAmount string `parquet:"sales_amount"`
}

// salesParquet renders the rows as Parquet, rowsPerGroup rows a row group.
func salesParquet(t *testing.T, recs [][]string, rowsPerGroup int64) []byte {
	t.Helper()
	var b bytes.Buffer
	w := parquet.NewGenericWriter[saleRow](&b, parquet.MaxRowsPerRowGroup(rowsPerGroup))
	for _, r := range recs {
		if _, err := w.Write([]saleRow{{r[0], r[1], r[2], r[3], r[4], r[5], r[6]}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// s3Pipelines is a pipeline file of one pipeline per file kind, each
// landing s3://data/<kind path> into sales_data.
const s3Pipelines = `pipelines:
  csv_s3:
    source:
      csv: {path: s3://data/in/sales.csv}
    target: sales_data
    batch_size: 1000
  ndjson_s3:
    source:
      json: {path: s3://data/in/sales.ndjson.gz}
    target: sales_data
    batch_size: 1000
  parquet_s3:
    source:
      parquet: {path: s3://data/in/sales.parquet}
    target: sales_data
    batch_size: 1000
  glob_s3:
    source:
      csv: {path: "s3://data/parts/**/*.csv"}
    target: sales_data
  folder_s3:
    source:
      csv: {path: s3://data/parts/}
    target: sales_data
`

// TestS3SourcesLoadIntoTheWarehouse: CSV, gzipped NDJSON and Parquet
// objects load whole into each warehouse, every GET ranged; a rerun on
// the unchanged objects loads nothing.
func TestS3SourcesLoadIntoTheWarehouse(t *testing.T) {
	const n = 3000
	body := salesCSV(t, n)
	recs := salesRecords(t, body)
	dbtest.Each(t, func(t *testing.T, url string) {
		srv, env := s3Env(t, fileEnv(t, url, writeFiles(t, map[string]string{"pipelines.yaml": s3Pipelines})))
		srv.Put(t, "data", "in/sales.csv", body)
		srv.Put(t, "data", "in/sales.ndjson.gz", salesNDJSONGz(t, recs))
		srv.Put(t, "data", "in/sales.parquet", salesParquet(t, recs, 1000))
		s := openStore(t, url)
		for i, p := range []string{"csv_s3", "ndjson_s3", "parquet_s3"} {
			if r := mustLoader(t, env, "run", p); !strings.Contains(r.stdout, fmt.Sprintf("%d loaded", len(recs))) {
				t.Fatalf("%s: %s", p, r.stdout)
			}
			if got := count(t, s, "SELECT COUNT(*) FROM sales_data"); got != int64((i+1)*len(recs)) {
				t.Fatalf("after %s: %d rows, want %d", p, got, (i+1)*len(recs))
			}
			if r := mustLoader(t, env, "run", p); !strings.Contains(r.stdout, "0 read, 0 loaded") {
				t.Fatalf("rerun of %s: %s", p, r.stdout)
			}
		}
		text := func(_ int, v sql.NullString) string { return v.String } // CSV's empty field is NULL, JSON's ""
		runs := query(t, s, "SELECT DISTINCT load_run_id FROM sales_data ORDER BY load_run_id", text)
		rows := func(run string) []string {
			return query(t, s, "SELECT order_id, sold_at, customer, product, region, quantity, sales_amount FROM sales_data WHERE load_run_id = "+run+" ORDER BY id", text)
		}
		csvRows := rows(runs[0])
		for i, format := range []string{"NDJSON", "Parquet"} {
			if got := rows(runs[i+1]); !slices.Equal(got, csvRows) {
				for j := range got {
					if got[j] != csvRows[j] {
						t.Fatalf("the %s object landed other rows than the CSV one: row %d %q, want %q", format, j, got[j], csvRows[j])
					}
				}
				t.Fatalf("the %s object landed %d rows, the CSV one %d", format, len(got), len(csvRows))
			}
		}
		for _, g := range s3test.Gets(srv.Requests()) {
			if !strings.HasPrefix(g.Range, "bytes=") {
				t.Fatalf("a GET without a range: %+v", g)
			}
		}
	})
}

// TestS3GlobAndFolderLoadTheirObjects: a glob loads the objects it
// matches under the prefix, a folder every object under it but hidden
// ones (_SUCCESS, .partial, _temporary/…).
func TestS3GlobAndFolderLoadTheirObjects(t *testing.T) {
	url := dbtest.SQLite(t)
	srv, env := s3Env(t, fileEnv(t, url, writeFiles(t, map[string]string{"pipelines.yaml": s3Pipelines})))
	objects := map[string]int{"parts/a.csv": 3, "parts/day=2/b.csv": 5, "parts/day=3/c.csv": 7, "parts/notes.txt": 11, "parts/_SUCCESS": 0, "parts/.partial.csv": 13, "parts/_temporary/0/d.csv": 17}
	for key, rows := range objects {
		body := salesCSV(t, rows)
		if rows == 0 {
			body = nil
		}
		srv.Put(t, "data", key, body)
	}
	s := openStore(t, url)
	mustLoader(t, env, "run", "glob_s3")
	if got := count(t, s, "SELECT COUNT(*) FROM sales_data"); got != 3+5+7 {
		t.Fatalf("the glob loaded %d rows, want the 15 of a.csv, b.csv and c.csv", got)
	}
	mustLoader(t, env, "reset", "glob_s3", "--truncate")
	mustLoader(t, env, "run", "folder_s3")
	if got := count(t, s, "SELECT COUNT(*) FROM sales_data"); got != 3+5+7+11 {
		t.Fatalf("the folder loaded %d rows, want the 26 of its four visible objects", got)
	}
}

// TestS3ObjectRewrittenBetweenRunsIsChanged: an object replaced after a
// run (a new ETag) does not fit the checkpoint: the run stops with one
// line naming the choices, and --full-refresh loads the new object.
func TestS3ObjectRewrittenBetweenRunsIsChanged(t *testing.T) {
	url := dbtest.SQLite(t)
	srv, env := s3Env(t, fileEnv(t, url, writeFiles(t, map[string]string{"pipelines.yaml": s3Pipelines})))
	srv.Put(t, "data", "in/sales.csv", salesCSV(t, 300))
	mustLoader(t, env, "run", "csv_s3")
	srv.Put(t, "data", "in/sales.csv", salesCSV(t, 400))
	r := loader(t, env, "run", "csv_s3")
	line := errLine(t, r)
	for _, want := range []string{"ETag changed", "--full-refresh", "--new-source"} {
		if r.code != exitError || !strings.Contains(line, want) {
			t.Fatalf("exit %d, %q lacks %q", r.code, line, want)
		}
	}
	mustLoader(t, env, "run", "csv_s3", "--full-refresh")
	if got := count(t, openStore(t, url), "SELECT COUNT(*) FROM sales_data"); got != 400 {
		t.Fatalf("%d rows after --full-refresh, want the new object's 400", got)
	}
}

// TestS3Refusals: a missing object, refused credentials and a store that
// throttles: one line saying what to check, no secret in it; throttling
// (503 SlowDown) on the first requests is retried and the run succeeds.
func TestS3Refusals(t *testing.T) {
	url := dbtest.SQLite(t)
	srv, env := s3Env(t, fileEnv(t, url, writeFiles(t, map[string]string{"pipelines.yaml": s3Pipelines})))
	srv.Put(t, "data", "in/sales.csv", salesCSV(t, 50))
	r := loader(t, env, "run", "csv_s3", "--input", "s3://data/in/nope.csv")
	if line := errLine(t, r); r.code != exitError || !strings.Contains(line, "s3://data/in/nope.csv") || !strings.Contains(line, "no such object") {
		t.Fatalf("missing object: exit %d, %q", r.code, line)
	}
	for _, code := range []string{"InvalidAccessKeyId", "SignatureDoesNotMatch"} {
		srv.Inject(s3test.Fault{Status: http.StatusForbidden, Code: code})
		r := loader(t, env, "run", "csv_s3")
		srv.Clear()
		line := errLine(t, r)
		if r.code != exitError || !strings.Contains(line, "access denied") || !strings.Contains(line, "AWS_SECRET_ACCESS_KEY") || strings.Contains(r.stdout+r.stderr, s3test.SecretAccessKey) {
			t.Fatalf("%s: exit %d, %q", code, r.code, line)
		}
	}
	bad := maps.Clone(env)
	bad["AWS_ACCESS_KEY_ID"] = "AKIANOTKNOWN"
	if line := errLine(t, loader(t, bad, "run", "csv_s3")); !strings.Contains(line, "access denied") {
		t.Fatalf("unknown key: %q", line)
	}
	srv.Inject(s3test.Fault{Status: http.StatusServiceUnavailable, Code: "SlowDown", Times: 2})
	if r := mustLoader(t, env, "run", "csv_s3"); !strings.Contains(r.stdout, "50 loaded") {
		t.Fatalf("after throttling: %s", r.stdout)
	}
	bad = maps.Clone(env)
	bad["LOADER_S3_PATH_STYLE"] = "sometimes"
	if r := loader(t, bad, "run", "csv_s3"); r.code != exitUsage || !strings.Contains(errLine(t, r), "LOADER_S3_PATH_STYLE") {
		t.Fatalf("bad LOADER_S3_PATH_STYLE: exit %d %s", r.code, r.stderr)
	}
}
