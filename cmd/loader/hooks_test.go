package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// TestRunWithAFailingHook: a load whose hook fails still exits 0, prints
// a warning, and `loader runs` shows the hook's error, its token redacted;
// the working hook after it fired.
func TestRunWithAFailingHook(t *testing.T) {
	const token = "cmd-hook-t0ken"
	var fired atomic.Int32
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no entry for "+r.Header.Get("Authorization"), http.StatusServiceUnavailable)
	}))
	defer failing.Close()
	ok := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { fired.Add(1) }))
	defer ok.Close()
	env := demoEnv(t, dbtest.SQLite(t))
	env["HOOK_TOKEN"] = token
	path := filepath.Join(t.TempDir(), "sales.csv")
	writeSales(t, path, 20)
	env["LOADER_PIPELINES"] = pipelinesFile(t, fmt.Sprintf(`
  raw:
    source: {csv: {path: %q}}
    target: sales_data
    on_success:
      - airflow: {url: %q, dag_id: sales_daily, auth: {bearer: "${HOOK_TOKEN}"}, retry: {attempts: 1}}
      - webhook: {url: %q}
`, path, failing.URL, ok.URL))
	r := mustLoader(t, env, "run", "raw")
	want := "warning: hook failed: airflow dag sales_daily: POST " + failing.URL + "/api/v2/dags/sales_daily/dagRuns: 503 Service Unavailable: no entry for Bearer ***"
	if !strings.Contains(r.stdout, "run 1 of raw succeeded: 20 read, 20 loaded") || !strings.Contains(r.stderr, want+"\n") {
		t.Fatalf("stdout %q\nstderr %q\nwant the summary and %q", r.stdout, r.stderr, want)
	}
	if fired.Load() != 1 {
		t.Fatalf("the webhook after the failing hook fired %d times, want 1", fired.Load())
	}
	var runs []map[string]any
	if err := json.Unmarshal([]byte(mustLoader(t, env, "runs", "--format", "json").stdout), &runs); err != nil {
		t.Fatal(err)
	}
	hookErr := strings.TrimPrefix(want, "warning: hook failed: ")
	if len(runs) != 1 || runs[0]["hook_error"] != hookErr || runs[0]["status"] != "succeeded" || runs[0]["error"] != nil {
		t.Fatalf("runs --format json: %v; want hook_error %q", runs, hookErr)
	}
	table := mustLoader(t, env, "runs").stdout
	if !strings.Contains(table, "HOOK ERROR") || !strings.Contains(table, hookErr) {
		t.Fatalf("runs table lacks the hook error:\n%s", table)
	}
	for _, out := range []string{r.stdout, r.stderr, table} {
		if strings.Contains(out, token) {
			t.Fatalf("the token shows in %q", out)
		}
	}
}
