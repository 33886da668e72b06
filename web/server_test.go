package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	_ "github.com/warehouse-loader/loader/etl/source/csv"
	_ "github.com/warehouse-loader/loader/etl/source/http"
	_ "github.com/warehouse-loader/loader/etl/source/sql"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/report"
	"github.com/warehouse-loader/loader/repository"
	_ "github.com/warehouse-loader/loader/repository/drivers" // every warehouse
	"github.com/warehouse-loader/loader/web"
	"gorm.io/gorm"
)

// Secrets the tests look for in every answer.
const (
	apiToken   = "tok-3f9a1c77e2b4"
	dbPassword = "hunter2-db-secret"
	authToken  = "dash-token-81c2f0"
)

// The hostile records: rejected, and shown as text.
const (
	xssScript = `<script>window.__xss=1</script>`
	xssImg    = `"><img src=x onerror="window.__xss=2">`
)

const pipelinesYAML = `pipelines:
  ingest:
    source:
      csv: {path: "%s"}
    target: sales_data
    mode: append
  transform:
    source:
      sql: {table: sales_data, key: id}
    target: transformed_sales_data
    mode: upsert
    keys: [order_id]
    columns: {order_id: order_id, sold_at: sold_at, customer: customer, product: product, region: region, quantity: quantity, sales_amount: sales_amount}
    steps:
      - fillna: {columns: [sales_amount], value: "0"}
      - cast: {column: sales_amount, to: decimal, scale: 2}
      - cast: {column: quantity, to: int}
      - cast: {column: sold_at, to: timestamp, timezone: UTC}
      - bin: {column: sales_amount, into: sales_category, edges: ["100", "500"], labels: [Low, Medium, High], right: true, min: "0"}
  orders_api:
    source:
      http:
        url: http://127.0.0.1:1/v1/orders
        records: data
        auth: {bearer: "${API_TOKEN}"}
    target: api_orders
    mode: upsert
    keys: [order_id]
`

// fixture is a warehouse with real runs of real pipelines: 6 sales
// loaded, 3 rejected by transform (two of them hostile).
type fixture struct {
	store *repository.Store
	file  *spec.File
	runs  map[string]int64 // pipeline → its run
}

func newFixture(t *testing.T, url string) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	csv := "order_id,sold_at,customer,product,region,quantity,sales_amount\n" +
		"A1,2024-01-02 10:00:00,C1,Widget,East,1,50.00\n" +
		"A2,2024-01-02 11:00:00,C2,Widget,West,2,250.50\n" +
		"A3,2024-01-03 12:00:00,C3,Gadget,East,3,900.10\n" +
		"A4,2024-01-03 13:00:00,C4,Gadget,West,1,\n" +
		"A5,2024-01-04 14:00:00,C5,Widget,East,1,\"" + strings.ReplaceAll(xssScript, `"`, `""`) + "\"\n" +
		"A6,2024-01-04 15:00:00,C6,Widget,East,1,\"" + strings.ReplaceAll(xssImg, `"`, `""`) + "\"\n" +
		"A7,2024-01-05 16:00:00,C7,Gizmo,North,2,\"12,50\"\n"
	if err := os.WriteFile(filepath.Join(dir, "sales.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf(pipelinesYAML, filepath.ToSlash(filepath.Join(dir, "sales.csv")))
	f, err := spec.Parse([]byte(body), func(k string) string { return map[string]string{"API_TOKEN": apiToken}[k] })
	if err != nil {
		t.Fatal(err)
	}
	f.Path = filepath.Join(dir, "pipelines.yaml")
	store, err := repository.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	fx := &fixture{store: store, file: f, runs: map[string]int64{}}
	for _, name := range []string{"ingest", "transform"} {
		res, err := fx.runPipeline(ctx, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		fx.runs[name] = res.RunID
	}
	return fx
}

func sqliteWarehouse(t *testing.T) string {
	t.Helper()
	u := dbtest.SQLite(t)
	dbtest.Migrate(t, u)
	return u
}

func (fx *fixture) runPipeline(ctx context.Context, name string) (etl.Result, error) {
	p, closeSrc, err := fx.file.Build(ctx, name, spec.Options{
		Targets: repository.NewTargets(fx.store, models.All()...), Databases: repository.OpenDatabases(fx.store),
	})
	if err != nil {
		return etl.Result{}, err
	}
	defer closeSrc()
	r := &etl.Runner{Warehouse: repository.NewWarehouse(fx.store)}
	return r.Run(ctx, p)
}

func (fx *fixture) server(t *testing.T, change func(*web.Config)) *httptest.Server {
	t.Helper()
	cfg := web.Config{Store: fx.store, File: fx.file, Models: models.All(), Secrets: []string{dbPassword}}
	if change != nil {
		change(&cfg)
	}
	s, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

type answer struct {
	code   int
	header http.Header
	body   string
}

func do(t *testing.T, req *http.Request) answer {
	t.Helper()
	client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := answer{code: resp.StatusCode, header: resp.Header, body: string(b)}
	for _, secret := range []string{apiToken, dbPassword, authToken} {
		if strings.Contains(a.body, secret) || strings.Contains(fmt.Sprint(a.header), secret) {
			t.Errorf("%s %s shows a secret", req.Method, req.URL)
		}
	}
	return a
}

func get(t *testing.T, ts *httptest.Server, path string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func getJSON(t *testing.T, ts *httptest.Server, path string, v any) answer {
	t.Helper()
	a := get(t, ts, path)
	if a.code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, a.code, a.body)
	}
	if ct := a.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if err := json.Unmarshal([]byte(a.body), v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, a.body)
	}
	return a
}

func TestPagesAndAPIShowRealRuns(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		fx := newFixture(t, url)
		ts := fx.server(t, nil)

		var ps []report.Pipeline
		getJSON(t, ts, "/api/pipelines", &ps)
		if len(ps) != 3 || ps[0].Name != "ingest" || ps[1].Name != "orders_api" || ps[2].Name != "transform" {
			t.Fatalf("pipelines: %+v", ps)
		}
		tr := ps[2]
		if tr.LastRun == nil || tr.LastRun.Status != models.RunSucceeded || tr.LastRun.RowsRead != 7 || tr.LastRun.RowsLoaded != 4 || tr.LastRun.RowsRejected != 3 {
			t.Errorf("transform's last run: %+v", tr.LastRun)
		}
		if tr.Source != "sql" || tr.Input != "sales_data" || tr.Target != "transformed_sales_data" || tr.Mode != "upsert" || tr.FreshnessSeconds == nil || tr.LastSuccessAt == nil {
			t.Errorf("transform: %+v", tr)
		}
		if ps[1].LastRun != nil || ps[1].FreshnessSeconds != nil || ps[1].Input != "http://127.0.0.1:1/v1/orders" {
			t.Errorf("orders_api never ran: %+v", ps[1])
		}

		home := get(t, ts, "/")
		for _, want := range []string{"ingest", "transform", "orders_api", "never run", `class="status succeeded"`} {
			if !strings.Contains(home.body, want) {
				t.Errorf("/ lacks %q", want)
			}
		}
		if strings.Contains(home.body, "Run now") {
			t.Error("/ offers run now without --allow-run")
		}

		// The API's runs are the repository's, the shape of `loader runs --format json`.
		var runs []models.LoadRun
		getJSON(t, ts, "/api/runs", &runs)
		stored, err := fx.store.Runs(context.Background(), "", 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 2 || runs[0].ID != stored[0].ID || runs[1].ID != stored[1].ID || runs[0].RowsRejected != 3 {
			t.Fatalf("api runs %+v, stored %+v", runs, stored)
		}

		var rejects []report.Reject
		a := getJSON(t, ts, fmt.Sprintf("/api/runs/%d/rejects", fx.runs["transform"]), &rejects)
		if len(rejects) != 3 || a.header.Get("X-Total-Count") != "3" {
			t.Fatalf("rejects: %d, total %s", len(rejects), a.header.Get("X-Total-Count"))
		}
		var rec map[string]any
		if err := json.Unmarshal(rejects[0].Record, &rec); err != nil || rec["sales_amount"] != xssScript {
			t.Errorf("first reject's record: %s", rejects[0].Record)
		}
		getJSON(t, ts, fmt.Sprintf("/api/runs/%d/rejects?reason=DECIMAL", fx.runs["transform"]), &rejects)
		if len(rejects) != 3 {
			t.Errorf("reason filter ignoring case: %d rejects", len(rejects))
		}
		getJSON(t, ts, fmt.Sprintf("/api/runs/%d/rejects?reason=12,50", fx.runs["transform"]), &rejects)
		if len(rejects) != 1 || !strings.Contains(rejects[0].Reason, "12,50") {
			t.Errorf("reason filter 12,50: %+v", rejects)
		}
		getJSON(t, ts, fmt.Sprintf("/api/runs/%d/rejects?reason=%%25", fx.runs["transform"]), &rejects)
		if len(rejects) != 0 {
			t.Errorf("a %% in the filter is a wildcard: %+v", rejects)
		}

		var sales []report.CategoryStats
		getJSON(t, ts, "/api/reports/sales", &sales)
		want, err := report.Sales(context.Background(), fx.store)
		if err != nil {
			t.Fatal(err)
		}
		if len(sales) != 3 || fmt.Sprint(sales) != fmt.Sprint(want) {
			t.Errorf("sales %v, want %v", sales, want)
		}

		var tables []report.Table
		getJSON(t, ts, "/api/tables", &tables)
		found := false
		for _, tb := range tables {
			if tb.Name != "sales_data" {
				continue
			}
			found = true
			if tb.Rows != 7 || tb.LastLoad == nil || len(tb.Pipelines) != 1 || tb.Pipelines[0] != "ingest" {
				t.Errorf("sales_data: %+v", tb)
			}
			for _, c := range tb.Columns {
				if c.Name == "sales_amount" && c.Nulls != 1 {
					t.Errorf("sales_data.sales_amount has 1 NULL, shown %d", c.Nulls)
				}
			}
		}
		if !found {
			t.Errorf("no sales_data in %+v", tables)
		}

		reports := get(t, ts, "/reports")
		for _, want := range []string{`id="sales-chart"`, `data-category="High"`, "sales_data", "transformed_sales_data"} {
			if !strings.Contains(reports.body, want) {
				t.Errorf("/reports lacks %q", want)
			}
		}
	})
}

// A rejected record's raw text is shown as text, never as markup.
func TestRejectedMarkupIsEscaped(t *testing.T) {
	fx := newFixture(t, sqliteWarehouse(t))
	ts := fx.server(t, nil)
	page := get(t, ts, fmt.Sprintf("/runs/%d", fx.runs["transform"]))
	if page.code != http.StatusOK {
		t.Fatalf("%d %s", page.code, page.body)
	}
	for _, raw := range []string{"<script>window", "<img src=x", "onerror=\"window"} {
		if strings.Contains(page.body, raw) {
			t.Errorf("the page holds %q unescaped", raw)
		}
	}
	for _, shown := range []string{"&lt;script&gt;window.__xss=1&lt;/script&gt;", "&lt;img src=x onerror=&#34;window.__xss=2&#34;&gt;"} {
		if !strings.Contains(page.body, shown) {
			t.Errorf("the page does not show %q as text", shown)
		}
	}
	csp := page.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
		if got := page.header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	// A filter value is escaped too.
	filtered := get(t, ts, fmt.Sprintf("/runs/%d?reason=%%22%%3E%%3Cb%%3Ex", fx.runs["transform"]))
	if strings.Contains(filtered.body, `"><b>x`) {
		t.Error("the reason filter is echoed unescaped")
	}
}

func TestRunsPagingAndFilters(t *testing.T) {
	fx := newFixture(t, sqliteWarehouse(t))
	ctx := context.Background()
	for range 3 { // reruns: nothing new to load, each its own run
		if _, err := fx.runPipeline(ctx, "ingest"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fx.runPipeline(ctx, "orders_api"); err == nil {
		t.Fatal("orders_api reached a server on port 1")
	}
	ts := fx.server(t, nil)
	var all []models.LoadRun
	path := "/api/runs?limit=2"
	for pages := 0; path != ""; pages++ {
		var page []models.LoadRun
		a := getJSON(t, ts, path, &page)
		all = append(all, page...)
		path = ""
		if link := a.header.Get("Link"); link != "" {
			path = strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
		}
		if pages > 10 {
			t.Fatal("paging does not end")
		}
	}
	if len(all) != 6 {
		t.Fatalf("%d runs over the pages, want 6", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].ID >= all[i-1].ID {
			t.Fatalf("runs out of order: %d after %d", all[i].ID, all[i-1].ID)
		}
	}
	var failed []models.LoadRun
	getJSON(t, ts, "/api/runs?status=failed", &failed)
	if len(failed) != 1 || failed[0].Pipeline != "orders_api" || failed[0].Error == nil {
		t.Fatalf("failed runs: %+v", failed)
	}
	var ingest []models.LoadRun
	getJSON(t, ts, "/api/runs?pipeline=ingest&status=succeeded", &ingest)
	if len(ingest) != 4 {
		t.Errorf("%d succeeded ingest runs, want 4", len(ingest))
	}
	page := get(t, ts, "/runs?pipeline=ingest&limit=2")
	if !strings.Contains(page.body, `id="older"`) || strings.Count(page.body, "data-run=") != 2 {
		t.Errorf("/runs?limit=2 shows %d runs, older link %v", strings.Count(page.body, "data-run="), strings.Contains(page.body, `id="older"`))
	}
	for path, code := range map[string]int{
		"/api/runs?status=bogus":   http.StatusBadRequest,
		"/api/runs?before=-1":      http.StatusBadRequest,
		"/api/runs?limit=100000":   http.StatusBadRequest,
		"/api/runs/999999":         http.StatusNotFound,
		"/api/runs/x/rejects":      http.StatusBadRequest,
		"/runs/999999":             http.StatusNotFound,
		"/api/runs/999999/rejects": http.StatusNotFound,
	} {
		a := get(t, ts, path)
		if a.code != code {
			t.Errorf("GET %s: %d, want %d (%s)", path, a.code, code, a.body)
		}
		if strings.HasPrefix(path, "/api/") && !strings.Contains(a.body, `"error"`) {
			t.Errorf("GET %s: %s", path, a.body)
		}
	}
}

func TestAuthToken(t *testing.T) {
	fx := newFixture(t, sqliteWarehouse(t))
	ts := fx.server(t, func(c *web.Config) { c.AuthToken = authToken })
	req := func(path string, set func(*http.Request)) answer {
		r, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if set != nil {
			set(r)
		}
		return do(t, r)
	}
	for _, path := range []string{"/", "/api/runs", "/metrics", "/readyz", "/static/app.js"} {
		if a := req(path, nil); a.code != http.StatusUnauthorized || !strings.Contains(a.header.Get("WWW-Authenticate"), "Basic") {
			t.Errorf("GET %s without the token: %d", path, a.code)
		}
		if a := req(path, func(r *http.Request) { r.Header.Set("Authorization", "Bearer wrong") }); a.code != http.StatusUnauthorized {
			t.Errorf("GET %s with a wrong token: %d", path, a.code)
		}
	}
	if a := req("/healthz", nil); a.code != http.StatusOK {
		t.Errorf("/healthz needs no token: %d", a.code)
	}
	if a := req("/api/runs", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+authToken) }); a.code != http.StatusOK {
		t.Errorf("bearer: %d", a.code)
	}
	if a := req("/", func(r *http.Request) { r.SetBasicAuth("anyone", authToken) }); a.code != http.StatusOK {
		t.Errorf("basic auth: %d", a.code)
	}
}

func TestRunNow(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		fx := newFixture(t, url)
		ctx := context.Background()
		off := fx.server(t, nil)
		post := func(ts *httptest.Server, path string, set func(*http.Request)) answer {
			r, err := http.NewRequest(http.MethodPost, ts.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if set != nil {
				set(r)
			}
			return do(t, r)
		}
		if a := post(off, "/api/pipelines/ingest/run", nil); a.code != http.StatusForbidden || !strings.Contains(a.body, "--allow-run") {
			t.Errorf("run now without --allow-run: %d %s", a.code, a.body)
		}

		done := make(chan error, 4)
		on := fx.server(t, func(c *web.Config) {
			c.Run = func(req context.Context, name string) error {
				go func() { _, err := fx.runPipeline(context.WithoutCancel(req), name); done <- err }()
				return nil
			}
		})
		if !strings.Contains(get(t, on, "/").body, "Run now") {
			t.Error("no run now button with Run set")
		}
		// A cross-site form post is refused; the browser's same-origin one is not.
		if a := post(on, "/pipelines/ingest/run", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }); a.code != http.StatusForbidden {
			t.Errorf("cross-site post: %d", a.code)
		}
		if a := post(on, "/pipelines/ingest/run", func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") }); a.code != http.StatusForbidden {
			t.Errorf("post from another origin: %d", a.code)
		}
		a := post(on, "/pipelines/ingest/run", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "same-origin") })
		if a.code != http.StatusSeeOther || a.header.Get("Location") != "/?started=ingest" {
			t.Fatalf("run now: %d %v", a.code, a.header)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if a := post(on, "/api/pipelines/nope/run", nil); a.code != http.StatusNotFound {
			t.Errorf("unknown pipeline: %d", a.code)
		}
		if a := post(on, "/api/pipelines/transform/run", nil); a.code != http.StatusAccepted {
			t.Errorf("api run now: %d %s", a.code, a.body)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		runs, err := fx.store.Runs(ctx, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 4 || runs[0].Pipeline != "transform" || runs[1].Pipeline != "ingest" || runs[0].Status != models.RunSucceeded {
			t.Fatalf("runs after run now: %+v", runs)
		}

		// While another process holds the pipeline, run now answers 409.
		busy := fx.server(t, func(c *web.Config) {
			c.Run = func(context.Context, string) error { return fmt.Errorf("ingest: %w", etl.ErrAlreadyRunning) }
		})
		if a := post(busy, "/api/pipelines/ingest/run", nil); a.code != http.StatusConflict {
			t.Errorf("busy: %d %s", a.code, a.body)
		}
	})
}

func TestReadyzMasksSecrets(t *testing.T) {
	fx := newFixture(t, sqliteWarehouse(t))
	ready := fx.server(t, func(c *web.Config) { c.Ready = func(context.Context) error { return nil } })
	if a := get(t, ready, "/readyz"); a.code != http.StatusOK {
		t.Errorf("ready: %d", a.code)
	}
	down := fx.server(t, func(c *web.Config) {
		c.Ready = func(context.Context) error {
			return errors.New("connecting to postgres://u:" + dbPassword + "@db/w with bearer " + apiToken + ": refused")
		}
	})
	a := get(t, down, "/readyz")
	if a.code != http.StatusServiceUnavailable || !strings.Contains(a.body, "refused") || !strings.Contains(a.body, "***") {
		t.Errorf("not ready: %d %q", a.code, a.body)
	}
	if a := get(t, down, "/healthz"); a.code != http.StatusOK || a.body != "ok\n" {
		t.Errorf("healthz: %d %q", a.code, a.body)
	}

	// A run whose stored error holds secrets: no page or answer shows them
	// (do checks every answer).
	leaky := "connecting with " + dbPassword + " and bearer " + apiToken + ": refused"
	if err := fx.store.Query(context.Background(), func(db *gorm.DB) error {
		return db.Create(&models.LoadRun{Pipeline: "ingest", Status: models.RunFailed, StartedAt: time.Now(), Error: &leaky, HookError: &leaky}).Error
	}); err != nil {
		t.Fatal(err)
	}
	if a := get(t, ready, "/"); a.code != http.StatusOK {
		t.Errorf("GET /: %d", a.code)
	}
	for _, path := range []string{"/api/pipelines", "/runs", "/api/runs", "/runs?status=failed"} {
		if a := get(t, ready, path); a.code != http.StatusOK || !strings.Contains(a.body, "connecting with ***") {
			t.Errorf("GET %s: %d, the masked error not shown", path, a.code)
		}
	}
}

// The pipelines page says what "run now" did in its own words, for the
// file's pipelines only: a link cannot put text on it.
func TestRunNowOutcomeIsTheServers(t *testing.T) {
	fx := newFixture(t, sqliteWarehouse(t))
	ts := fx.server(t, nil)
	for path, want := range map[string]string{
		"/?started=ingest":             "ingest started",
		"/?busy=transform":             "transform is being loaded by another process",
		"/?started=evil.example":       "",
		"/?message=Your+token+expired": "",
	} {
		a := get(t, ts, path)
		has := strings.Contains(a.body, `id="message"`)
		if want == "" && has || want != "" && !strings.Contains(a.body, want) {
			t.Errorf("GET %s: message shown %v, want %q", path, has, want)
		}
	}
}

// A pipeline without settings is refused when the file is read, so no
// page breaks on it.
func TestEmptyPipelineIsRefused(t *testing.T) {
	_, err := spec.Parse([]byte("pipelines:\n  a:\n    source: {csv: {path: x.csv}}\n    target: sales_data\n  c:\n"), func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), "line 5: pipeline c has no settings") {
		t.Fatalf("%v", err)
	}
}

// Bearer is a case-insensitive scheme; API refusals are JSON.
func TestAuthSchemeAndJSONRefusals(t *testing.T) {
	fx := newFixture(t, sqliteWarehouse(t))
	ts := fx.server(t, func(c *web.Config) {
		c.AuthToken = authToken
		c.Run = func(context.Context, string) error { return nil }
	})
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		r, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/runs", nil)
		r.Header.Set("Authorization", scheme+" "+authToken)
		if a := do(t, r); a.code != http.StatusOK {
			t.Errorf("%s: %d", scheme, a.code)
		}
	}
	r, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/runs", nil)
	if a := do(t, r); a.code != http.StatusUnauthorized || !strings.Contains(a.body, `"error"`) {
		t.Errorf("401 of the API: %q", a.body)
	}
	r, _ = http.NewRequest(http.MethodPost, ts.URL+"/api/pipelines/ingest/run", nil)
	r.Header.Set("Authorization", "Bearer "+authToken)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	if a := do(t, r); a.code != http.StatusForbidden || !strings.Contains(a.body, `"error"`) {
		t.Errorf("403 of the API: %d %q", a.code, a.body)
	}
}
