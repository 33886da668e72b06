package main

import (
	"cmp"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/demoapi"
)

// apiServer is the demo orders API served by the test process, counting
// the requests it receives.
type apiServer struct {
	*demoapi.API
	srv      *httptest.Server
	requests atomic.Int64
}

// serveAPI serves the demo API described by cfg until the test ends.
func serveAPI(t *testing.T, cfg demoapi.Config) *apiServer {
	t.Helper()
	api, err := demoapi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &apiServer{API: api}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// url is the orders endpoint.
func (s *apiServer) url() string { return s.srv.URL + "/v1/orders" }

// apiPipeline is the pipeline orders_api of a test's pipeline file: the
// demo API's orders into api_orders, with cursor pages and the incremental
// cursor on updated_at (lag 0), as examples/api/pipelines.yaml has it.
type apiPipeline struct {
	url   string
	mode  string // append or upsert (default append)
	auth  string // the YAML under auth:, one line, e.g. "bearer: ${API_TOKEN}"
	batch int    // default 20
	limit int    // page size asked for; default: the API's
}

// file writes the pipeline file into a new directory and returns it.
func (p apiPipeline) file(t *testing.T) string {
	t.Helper()
	mode, keys := "append", ""
	if p.mode == "upsert" {
		mode, keys = "upsert", "\n    keys: [order_id]"
	}
	params := ""
	if p.limit > 0 {
		params = fmt.Sprintf("\n        params: {limit: \"%d\"}", p.limit)
	}
	auth := ""
	if p.auth != "" {
		auth = "\n        auth:\n          " + p.auth
	}
	body := fmt.Sprintf(`pipelines:
  orders_api:
    source:
      http:
        url: %s%s%s
        records: data
        paginate:
          cursor: {path: next_cursor, param: cursor}
          has_more: has_more
        cursor: {field: updated_at, param: updated_since}
        timeout: 10s
        retry: {attempts: 2, initial: 10ms, max: 20ms}
    target: api_orders
    mode: %s%s
    steps:
      - cast: {column: amount, to: decimal, scale: 2}
      - cast: {column: placed_at, to: timestamp}
      - cast: {column: updated_at, to: timestamp}
      - cast: {column: items, to: int}
    batch_size: %d
`, p.url, params, auth, mode, keys, cmp.Or(p.batch, 20))
	return writeFiles(t, map[string]string{"pipelines.yaml": body})
}

// apiOrderIDs returns the order ids of api_orders, sorted.
func apiOrderIDs(t *testing.T, url string) []string {
	t.Helper()
	return query(t, openStore(t, url), "SELECT order_id FROM api_orders ORDER BY order_id", fixNullText)
}

// wantOrderIDs returns the ids of the API's orders, sorted.
func wantOrderIDs(api *demoapi.API) []string {
	var ids []string
	for o := range api.Orders() {
		ids = append(ids, o.ID)
	}
	slices.Sort(ids)
	return ids
}

// An API that answers 200 with an HTML page: the run fails with one line
// naming the page and what came back, not a JSON decoder's complaint.
func TestHTTPHTMLPageFailsNamingThePage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!DOCTYPE html><html><body><h1>Maintenance</h1>Back soon.</body></html>"))
	}))
	t.Cleanup(srv.Close)
	url := dbtest.SQLite(t)
	env := fileEnv(t, url, apiPipeline{url: srv.URL + "/v1/orders"}.file(t))
	r := loader(t, env, "run", "orders_api")
	line := errLine(t, r)
	for _, want := range []string{"page 1", "/v1/orders", "not JSON"} {
		if r.code != 1 || !strings.Contains(line, want) {
			t.Fatalf("exit %d, %q lacks %q", r.code, line, want)
		}
	}
	if strings.Contains(r.stdout+r.stderr, "invalid character") {
		t.Fatalf("a JSON decoder's message reached the user: %s", r.stderr)
	}
	if status, _ := lastRun(t, env, "orders_api"); status != "failed" {
		t.Fatalf("run %s, want failed", status)
	}
	t.Logf("exit %d: %s", r.code, line)
}

// The demo pipeline file shipped in examples/api parses and names its
// variables when they are unset.
func TestHTTPExamplePipelineNeedsItsVariables(t *testing.T) {
	path, err := filepath.Abs("../../examples/api/pipelines.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	url := dbtest.SQLite(t)
	env := map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": path}
	mustLoader(t, env, "migrate", "up")
	line := errLine(t, loader(t, env, "run", "orders_api"))
	if !strings.Contains(line, "DEMO_API_ADDR is not set") {
		t.Fatalf("%q does not name DEMO_API_ADDR", line)
	}
}
