package spec_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	_ "github.com/warehouse-loader/loader/etl/source/sql" // the sql source kind
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

const base = `pipelines:
  p:
    source:
      csv: {path: in.csv}
    target: transformed_sales_data
    mode: upsert
`

func TestBuildErrorsNameTheLine(t *testing.T) {
	url := dbtest.SQLite(t)
	dbtest.Migrate(t, url)
	store := openStore(t, url)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.csv"), []byte("order_id\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TOKEN": "t0k"}
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", base + "    batchsize: 5\n", `line 7: field batchsize not found`},
		{"unknown source key", strings.Replace(base, "{path: in.csv}", "{path: in.csv, delim: ';'}", 1), `line 4: unknown key "delim" in the csv source; valid keys: path, delimiter, encoding, null_values`},
		{"missing model", strings.Replace(base, "transformed_sales_data", "sales_facts", 1), `target "sales_facts": no such table in the database, and no model describes it (models: sales_data, transformed_sales_data`},
		{"bookkeeping table", strings.Replace(base, "transformed_sales_data", "load_runs", 1), `"load_runs" is one of the loader's own bookkeeping tables`},
		{"migrations' version table", strings.Replace(base, "transformed_sales_data", "schema_migrations", 1), `"schema_migrations" is one of the loader's own bookkeeping tables`},
		{"mapping to unknown column", base + "    columns:\n      order_id: order_id\n      discount: amount\n", `line 9: columns maps to "discount", which transformed_sales_data`},
		{"unknown step", base + "    steps:\n      - explode: {}\n", `line 8: unknown step "explode"`},
		{"misspelt step key", base + "    steps:\n      - fillna: {colums: [x]}\n", `unknown key "colums" in fillna`},
		{"missing env var", strings.Replace(base, "{path: in.csv}", "{path: \"${DATA_DIR}/in.csv\"}", 1), "line 4: environment variable DATA_DIR is not set"},
		{"bad mode", strings.Replace(base, "upsert", "merge", 1), `write mode "merge"`},
		{"two sources", strings.Replace(base, "{path: in.csv}", "{path: in.csv}\n      json: {path: x.json}", 1), "line 4: source names exactly one kind, like `source: {csv: {path: in.csv}}`; sources: csv, json, lines, sql"},
		{"keep last without upsert", strings.Replace(base, "upsert", "append", 1) + "    steps:\n      - dedupe: {keys: [order_id], keep: last}\n", "keep: last works only with mode: upsert"},
		{"negative batch size", base + "    batch_size: -5\n", "line 7: batch_size -5 of pipeline p is not a number of rows; set it to 1 or more"},
		{"zero batch size", base + "    batch_size: 0\n", "line 7: batch_size 0 of pipeline p is not a number of rows"},
		{"no pipeline", base, `no pipeline "q"`},
		{"unknown source", strings.Replace(base, "csv: {path: in.csv}", "parquet: {path: in.parquet}", 1), `line 4: unknown source "parquet"; sources: csv, json, lines, sql`},
		{"misspelt source", strings.Replace(base, "csv: {path: in.csv}", "cvs: {path: in.csv}", 1), `line 4: unknown source "cvs"; sources: csv, json, lines, sql`},
		{"misspelt sql setting", strings.Replace(base, "csv: {path: in.csv}", "sql:\n        table: sales_data\n        pagesize: 10", 1), `line 6: unknown key "pagesize" in the sql source; valid keys: database, table, query, key, page_size`},
		{"bad sql setting", strings.Replace(base, "csv: {path: in.csv}", "sql:\n        table: sales_data\n        page_size: many", 1), "sql source: line 6: cannot unmarshal !!str `many` into int"},
		{"source not a mapping", strings.Replace(base, "\n      csv: {path: in.csv}", " csv", 1), "line 3: source names exactly one kind"},
		{"empty after_sql statement", base + "    after_sql:\n      - DELETE FROM t\n      - \"  \"\n", "after_sql statement 2 is empty"},
		{"no source", strings.Replace(base, "    source:\n      csv: {path: in.csv}\n", "", 1), "pipeline p (line 2): no source; add one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "pipelines.yaml")
			if err := os.WriteFile(path, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			name := "p"
			if tt.name == "no pipeline" {
				name = "q"
			}
			f, err := spec.Load(path, func(k string) string { return env[k] })
			if err == nil {
				_, _, err = f.Build(context.Background(), name, spec.Options{Targets: repository.NewTargets(store, models.All()...), Databases: repository.OpenDatabases(store)})
			}
			if !errors.Is(err, spec.ErrInvalid) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v: want ErrInvalid on one line containing %q", err, tt.want)
			}
		})
	}
}

// openStore opens url for the test and closes it at its end.
func openStore(t *testing.T, url string) *repository.Store {
	t.Helper()
	store, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	return store
}

func TestEnvExpansion(t *testing.T) {
	f, err := spec.Parse([]byte(strings.Replace(base, "{path: in.csv}", "{path: \"${DIR}/in.csv\"}", 1)), func(k string) string { return map[string]string{"DIR": "/data"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	csv := f.Pipelines["p"].Source.Content[1]
	if got := csv.Content[1].Value; csv.Content[0].Value != "path" || got != "/data/in.csv" {
		t.Fatalf("path %q", got)
	}
}

func TestBatchSizeFromFile(t *testing.T) {
	for _, tt := range []struct {
		yaml string
		want int
	}{{base + "    batch_size: 7\n", 7}, {base, 0}, {base + "    batch_size: ~\n", 0}} {
		f, err := spec.Parse([]byte(tt.yaml), func(string) string { return "" })
		if err != nil {
			t.Fatalf("%q: %v", tt.yaml, err)
		}
		if got := f.Pipelines["p"].BatchSize; got != tt.want {
			t.Fatalf("%q: batch size %d, want %d", tt.yaml, got, tt.want)
		}
	}
}

// TestSourceThroughAnchors: a source written once with an anchor, or its
// settings merged from one, is read as if written out.
func TestSourceThroughAnchors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.csv"), []byte("order_id\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	body := `pipelines:
  a:
    source: &src
      csv: &csv {path: in.csv, delimiter: ","}
    target: sales_data
  b:
    source: *src
    target: sales_data
  c:
    source:
      csv: {<<: *csv, encoding: utf-8}
    target: sales_data
`
	path := filepath.Join(dir, "pipelines.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	store := openStore(t, dbtest.SQLite(t))
	f, err := spec.Parse([]byte(body), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	f.Path = path
	for _, name := range []string{"a", "b", "c"} {
		p, closeFn, err := f.Build(context.Background(), name, spec.Options{Targets: repository.NewTargets(store, models.All()...), Databases: repository.OpenDatabases(store)})
		if err != nil {
			t.Fatalf("pipeline %s: %v", name, err)
		}
		closeFn()
		_ = p.Source.Close()
	}
}

// A ${NAME} that is not set makes only its own pipeline unusable: the
// other pipelines of the file build.
func TestUnsetVariableStaysWithItsPipeline(t *testing.T) {
	url := dbtest.SQLite(t)
	dbtest.Migrate(t, url)
	store := openStore(t, url)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.csv"), []byte("order_id\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	body := base + strings.Replace(strings.TrimPrefix(base, "pipelines:\n"), "  p:", "  api:", 1) +
		"    before_sql: [\"SELECT '${API_TOKEN}'\"]\n"
	path := filepath.Join(dir, "pipelines.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := spec.Load(path, func(string) string { return "" })
	if err != nil {
		t.Fatalf("reading a file whose other pipeline needs an unset variable: %v", err)
	}
	o := spec.Options{Targets: repository.NewTargets(store, models.All()...), Databases: repository.OpenDatabases(store)}
	if _, closeFn, err := f.Build(context.Background(), "p", o); err != nil {
		t.Fatalf("building p: %v", err)
	} else {
		closeFn()
	}
	_, _, err = f.Build(context.Background(), "api", o)
	if !errors.Is(err, spec.ErrInvalid) || !strings.Contains(err.Error(), "pipeline api: ") || !strings.Contains(err.Error(), "line 12: environment variable API_TOKEN is not set") {
		t.Fatalf("building api: %v; want the unset variable named with its line", err)
	}
}

// Expansion follows aliases and goes on past an unset variable: a
// pipeline that aliases a node of a broken one gets it expanded, one that
// aliases a node with an unset variable is broken too.
func TestUnsetVariablesAndAliases(t *testing.T) {
	body := `pipelines:
  a:
    before_sql: ["SELECT '${MISSING}'"]
    source: &src {csv: {path: "${DIR}/in.csv"}}
    target: transformed_sales_data
  b:
    source: *src
    target: transformed_sales_data
  c:
    source: {csv: {path: in.csv}}
    target: transformed_sales_data
    before_sql: &bad ["SELECT '${MISSING}'"]
  d:
    source: {csv: {path: in.csv}}
    target: transformed_sales_data
    after_sql: *bad
`
	f, err := spec.Parse([]byte(body), func(k string) string { return map[string]string{"DIR": "/data"}[k] })
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	for name, want := range map[string]string{
		"a": "line 3: environment variable MISSING is not set",
		"c": "line 12: environment variable MISSING is not set",
		"d": "line 12: environment variable MISSING is not set",
	} {
		if _, _, err := f.Build(context.Background(), name, spec.Options{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("build %s: %v; want %q", name, err, want)
		}
	}
	src, err := yaml.Marshal(f.Pipelines["b"].Source.Alias)
	if err != nil || !strings.Contains(string(src), "/data/in.csv") {
		t.Errorf("b's source is %s (%v); want the alias expanded", src, err)
	}
}
