package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
)

// The browser tests drive `loader serve` (the real binary) with Debian's
// chromium, headless. Each step of a test has stepTimeout, the browser's
// start startTimeout; the browser lives at most browserTimeout.
const (
	stepTimeout    = 15 * time.Second
	startTimeout   = 30 * time.Second
	browserTimeout = 5 * time.Minute
	viewportWidth  = 1280
	viewportHeight = 800
)

// The raw texts of two records a run rejects: the dashboard must show
// them as text.
const (
	xssScript = `<script>window.__xss=1</script>`
	xssImg    = `"><img src=x onerror="window.__xss=2">`
)

// chromium returns the path of the system browser. Without one the test
// fails saying how to install it, unless LOADER_SKIP_BROWSER=1.
func chromium(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err == nil {
		return path
	}
	if os.Getenv("LOADER_SKIP_BROWSER") == "1" {
		t.Skip("LOADER_SKIP_BROWSER=1: the browser tests of loader serve are skipped")
	}
	t.Fatal("no chromium on PATH for the browser tests of loader serve: apt-get install chromium (or set LOADER_SKIP_BROWSER=1 to skip them)")
	return ""
}

// browser is a headless chromium shared by the subtests of a test; each
// subtest opens its own tab.
type browser struct {
	ctx context.Context //nolint:containedctx // the browser's lifetime: chromedp's contexts are its handles
}

// startBrowser starts the chromium at path for the test, stopped when the
// test ends.
func startBrowser(t *testing.T, path string) browser {
	t.Helper()
	ctx, cancelAll := context.WithTimeout(context.Background(), browserTimeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.WindowSize(viewportWidth, viewportHeight),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelAll()
	})
	// The first Run starts the browser, for as long as bctx lives: its
	// own context has no deadline, so startTimeout is kept here.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting %s: %v (is it Debian's chromium? apt-get install chromium)", path, err)
		}
	case <-time.After(startTimeout):
		cancelAll()
		t.Fatalf("%s did not start within %s", path, startTimeout)
	}
	return browser{bctx}
}

// tab is one tab of the browser.
type tab struct {
	ctx   context.Context //nolint:containedctx // the tab's lifetime: chromedp's contexts are its handles
	shots string          // where screenshots go ("" for none)
}

// tab opens a tab, closed when the test ends; shots is where its
// screenshots go.
func (b browser) tab(t *testing.T, shots string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return &tab{ctx: ctx, shots: shots}
}

// do runs the steps within stepTimeout and fails the test on an error,
// saying what it was doing.
func (tb *tab) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("browser: %s: %v", what, err)
	}
}

// open navigates to url and waits until sel is visible; it returns the
// HTTP status of the page.
func (tb *tab) open(t *testing.T, url, sel string) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(url))
	if err != nil {
		t.Fatalf("browser: opening %s: %v", url, err)
	}
	if sel != "" {
		tb.do(t, "waiting for "+sel+" on "+url, chromedp.WaitVisible(chromedp.CSS(sel)))
	}
	return resp.Status
}

// click clicks sel, which loads another page, and waits until wait is
// visible there.
func (tb *tab) click(t *testing.T, sel, wait string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("browser: clicking %s: %v", sel, err)
	}
	tb.do(t, "waiting for "+wait+" after clicking "+sel, chromedp.WaitVisible(chromedp.CSS(wait)))
}

// eval is the value of the JavaScript expression in the page.
func eval[T any](t *testing.T, tb *tab, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("browser: evaluating %s: %v", expr, err)
	}
	return v
}

// location is the page's URL.
func (tb *tab) location(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("browser: location: %v", err)
	}
	return loc
}

// screenshot saves the whole page as name.png into the tab's folder.
func (tb *tab) screenshot(t *testing.T, name string) {
	t.Helper()
	if tb.shots == "" {
		return
	}
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("browser: screenshot of %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(tb.shots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// screenshotDir is where the screenshots of a test go: $LOADER_SCREENSHOTS
// when set, else a new temporary folder left for people to look at.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("LOADER_SCREENSHOTS")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "loader-screenshots-"); err != nil { //nolint:usetesting // kept after the test: the screenshots are its artefacts
			t.Fatal(err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// httpClient has the deadline of every request the tests make.
var httpClient = &http.Client{Timeout: 10 * time.Second}

// startServe starts `loader serve` with args on a free address and waits
// until it answers /healthz; it returns the server's base URL.
func startServe(t *testing.T, bin string, env map[string]string, args ...string) string {
	t.Helper()
	addr := closedAddr(t)
	p := startLoader(t, bin, env, append([]string{"serve", "--addr", addr}, args...)...)
	base := "http://" + addr
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := httpClient.Get(base + "/healthz")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		if p.exited() {
			r := p.wait()
			t.Fatalf("loader serve exited %d: %s", r.code, r.stderr)
		}
		if time.Now().After(deadline) {
			t.Fatalf("loader serve does not answer %s/healthz after 20 s: %v", base, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// getJSON decodes the JSON answer to GET url into v.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	code, body := httpDo(t, http.MethodGet, url)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d: %s", url, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v: %s", url, err, body)
	}
}

// runLine is the line `loader run` prints at the end of a run.
var runLine = regexp.MustCompile(`run (\d+) of (\S+) (\S+): (\d+) read, (\d+) loaded, (\d+) rejected, (\d+) dropped`)

// runOf runs pipeline with the CLI and returns the run it reports.
func runOf(t *testing.T, env map[string]string, pipeline string) models.LoadRun {
	t.Helper()
	out := mustLoader(t, env, "run", pipeline).stdout
	m := runLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("loader run %s: %q", pipeline, out)
	}
	n := func(i int) int64 { v, _ := strconv.ParseInt(m[i], 10, 64); return v }
	return models.LoadRun{ID: n(1), Pipeline: m[2], Status: m[3], RowsRead: n(4), RowsLoaded: n(5), RowsRejected: n(6), RowsDropped: n(7)}
}

// shownReject is a reject as the run page shows it.
type shownReject struct {
	Position string      `json:"position"`
	Reason   string      `json:"reason"`
	Fields   [][2]string `json:"fields"` // name, value as shown
}

// shownRejectsJS reads the rejects table of a run page.
const shownRejectsJS = `Array.from(document.querySelectorAll('#rejects tbody tr')).filter(tr => tr.cells.length === 3).map(tr => ({
  position: tr.cells[0].textContent,
  reason: tr.cells[1].textContent,
  fields: Array.from(tr.querySelectorAll('.field')).map(f => [f.querySelector('b').textContent, f.querySelector('code').textContent]),
}))`

// cliRejects are the rejects of run as `loader rejects RUN --format json`
// gives them, in the shape the run page shows: each field's value as
// text, a string unquoted, null as NULL.
func cliRejects(t *testing.T, env map[string]string, run int64) []shownReject {
	t.Helper()
	var out []shownReject
	for _, r := range rejectsJSON(t, env, fmt.Sprint(run), "--limit", "0") {
		dec := json.NewDecoder(bytes.NewReader(r.Record))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("reject record %s is not an object", r.Record)
		}
		s := shownReject{Position: r.Position, Reason: r.Reason}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				t.Fatal(err)
			}
			text := string(raw)
			var str string
			switch {
			case text == "null":
				text = "NULL"
			case json.Unmarshal(raw, &str) == nil:
				text = str
			}
			s.Fields = append(s.Fields, [2]string{key.(string), text})
		}
		out = append(out, s)
	}
	return out
}

// TestServeInBrowser drives the dashboard of `loader serve --allow-run`
// in headless chromium, on a warehouse of each dialect (SQLite,
// PostgreSQL, MariaDB) with the demo's runs and rejects and a run whose
// rejects carry script and markup: the pipelines page shows every
// pipeline's last run; the reports page draws the chart with the numbers
// of the API and of its table; a click into a run shows the rejects
// `loader rejects` gives; the markup shows as text and runs nothing;
// "Run now" starts a run that appears in the history. Screenshots of each
// page (the SQLite warehouse's) go to $LOADER_SCREENSHOTS, else to a
// temporary folder.
func TestServeInBrowser(t *testing.T) {
	chrome := chromium(t)
	bin := loaderBinary(t)
	b := startBrowser(t, chrome)
	shots := screenshotDir(t)
	for _, dialect := range dbtest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dir := ""
			if dialect == "sqlite" {
				dir = shots
			}
			dashboardScenario(t, b.tab(t, dir), bin, dbtest.New(t, dialect))
		})
	}
}

func dashboardScenario(t *testing.T, tb *tab, bin, url string) {
	env := demoEnv(t, url)
	ingest := runOf(t, env, "sales_ingest")
	transform := runOf(t, env, "sales_transform")
	if transform.RowsRejected == 0 {
		t.Fatalf("the demo's transform rejects nothing: %+v", transform)
	}
	xssDir := writeFiles(t, map[string]string{
		// rejectsPipeline (pipeline amounts) rejects the records whose
		// sales_amount is no number of at most 5: the payloads, there and
		// in customer. Its one good record, loaded into sales_data, is
		// what "Run now" of sales_transform then loads.
		"pipelines.yaml": rejectsPipeline,
		"in.csv": "order_id,sold_at,customer,product,region,quantity,sales_amount\n" +
			"XSS-OK,2024-05-01 10:00:00,fine,Widget,East,1,2.50\n" +
			"XSS-1,2024-05-01 10:00:00," + csvQuote(xssScript) + ",Widget,East,1," + csvQuote(xssScript) + "\n" +
			"XSS-2,2024-05-01 10:00:00," + csvQuote(xssImg) + ",Widget,East,1," + csvQuote(xssImg) + "\n",
	})
	xssEnv := map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": filepath.Join(xssDir, "pipelines.yaml")}
	xss := runOf(t, xssEnv, "amounts")
	if xss.Status != "succeeded" || xss.RowsLoaded != 1 || xss.RowsRejected != 2 {
		t.Fatalf("xss run: %+v, want 1 loaded, 2 rejected", xss)
	}
	base := startServe(t, bin, map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": env["LOADER_PIPELINES"]}, "--allow-run")

	t.Run("pipelines", func(t *testing.T) { checkPipelinesPage(t, tb, base, ingest, transform) })
	t.Run("reports", func(t *testing.T) { checkReportsPage(t, tb, base) })
	t.Run("run", func(t *testing.T) { checkRunPage(t, tb, base, env, transform) })
	t.Run("xss", func(t *testing.T) { checkXSSRun(t, tb, base, env, xss) })
	t.Run("run-now", func(t *testing.T) { checkRunNow(t, tb, base, "sales_transform") })
}

// csvQuote quotes s as a CSV field.
func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// checkPipelinesPage: / lists every pipeline of the file with its last
// run's status and counts, as the CLI reported them.
func checkPipelinesPage(t *testing.T, tb *tab, base string, runs ...models.LoadRun) {
	tb.open(t, base+"/", "#pipelines")
	type row struct {
		Name, Status, Href, Read, Loaded, Rejected, Dropped string
	}
	rows := eval[[]row](t, tb, `Array.from(document.querySelectorAll('#pipelines tbody tr[data-pipeline]')).map(tr => {
  const a = tr.cells[6].querySelector('a.status');
  return {Name: tr.dataset.pipeline, Status: a ? a.textContent : tr.cells[6].textContent, Href: a ? a.getAttribute('href') : '',
    Read: tr.cells[7].textContent, Loaded: tr.cells[8].textContent, Rejected: tr.cells[9].textContent, Dropped: tr.cells[10].textContent};
})`)
	var want []row
	for _, r := range runs {
		want = append(want, row{r.Pipeline, r.Status, fmt.Sprintf("/runs/%d", r.ID), fmt.Sprint(r.RowsRead), fmt.Sprint(r.RowsLoaded), fmt.Sprint(r.RowsRejected), fmt.Sprint(r.RowsDropped)})
	}
	if !slices.Equal(rows, want) {
		t.Errorf("pipelines page shows\n%+v\nwant\n%+v", rows, want)
	}
	tb.screenshot(t, "pipelines")
}

// checkReportsPage: the chart on /reports has a Chart.js instance with the
// labels and numbers of /api/reports/sales and of the table under it, and
// every table's NULL counts are those of /api/tables.
func checkReportsPage(t *testing.T, tb *tab, base string) {
	var sales []struct {
		Category string `json:"sales_category"`
		Count    int64  `json:"count"`
		Sum      string `json:"sum"`
		Mean     string `json:"mean"`
	}
	getJSON(t, base+"/api/reports/sales", &sales)
	if len(sales) == 0 {
		t.Fatal("/api/reports/sales is empty after the demo's runs")
	}
	tb.open(t, base+"/reports", "#sales-chart")
	tb.do(t, "waiting for the chart", chromedp.Poll[chromedp.Void](`typeof Chart !== 'undefined' && Chart.getChart(document.getElementById('sales-chart')) !== undefined`))
	type dataset struct {
		Label string    `json:"label"`
		Data  []float64 `json:"data"`
	}
	chart := eval[struct {
		Labels   []string  `json:"labels"`
		Datasets []dataset `json:"datasets"`
	}](t, tb, `(() => { const d = Chart.getChart(document.getElementById('sales-chart')).data;
  return {labels: d.labels, datasets: d.datasets.map(s => ({label: s.label, data: s.data}))}; })()`)
	table := eval[[][]string](t, tb, `Array.from(document.querySelectorAll('#sales tbody tr')).map(tr => Array.from(tr.cells).map(td => td.textContent.trim()))`)

	wantSets := map[string][]float64{}
	var labels []string
	var wantTable [][]string
	for _, s := range sales {
		sum, err1 := strconv.ParseFloat(s.Sum, 64)
		mean, err2 := strconv.ParseFloat(s.Mean, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("/api/reports/sales: %+v", s)
		}
		labels = append(labels, s.Category)
		wantSets["sum"] = append(wantSets["sum"], sum)
		wantSets["count"] = append(wantSets["count"], float64(s.Count))
		wantSets["mean"] = append(wantSets["mean"], mean)
		wantTable = append(wantTable, []string{s.Category, fmt.Sprint(s.Count), fmt.Sprintf("%.2f", sum), fmt.Sprintf("%.2f", mean)})
	}
	if !slices.Equal(chart.Labels, labels) {
		t.Errorf("chart labels %q, API %q", chart.Labels, labels)
	}
	if len(chart.Datasets) != len(wantSets) {
		t.Errorf("chart has %d datasets, want %d (sum, count, mean)", len(chart.Datasets), len(wantSets))
	}
	for _, ds := range chart.Datasets {
		if want, ok := wantSets[ds.Label]; !ok || !slices.Equal(ds.Data, want) {
			t.Errorf("chart dataset %s: %v, API %v", ds.Label, ds.Data, want)
		}
	}
	if !slices.EqualFunc(table, wantTable, slices.Equal) {
		t.Errorf("sales table %q, API %q", table, wantTable)
	}

	type column struct {
		Name  string `json:"name"`
		Nulls int64  `json:"nulls"`
	}
	type tableStats struct {
		Table   string   `json:"table"`
		Rows    int64    `json:"rows"`
		Columns []column `json:"columns"`
	}
	var apiTables []tableStats
	getJSON(t, base+"/api/tables", &apiTables)
	shown := eval[[]tableStats](t, tb, `Array.from(document.querySelectorAll('section.table-stats')).map(s => ({
  table: s.id.replace(/^table-/, ''),
  rows: Number(s.querySelector('.rows').textContent),
  columns: Array.from(s.querySelectorAll('table.nulls tbody tr')).map(tr => ({name: tr.cells[0].textContent, nulls: Number(tr.cells[1].textContent)})),
}))`)
	same := func(a, b tableStats) bool {
		return a.Table == b.Table && a.Rows == b.Rows && slices.Equal(a.Columns, b.Columns)
	}
	if len(apiTables) == 0 || !slices.EqualFunc(shown, apiTables, same) {
		t.Errorf("tables shown\n%+v\nAPI\n%+v", shown, apiTables)
	}
	i := slices.IndexFunc(shown, func(s tableStats) bool { return s.Table == "transformed_sales_data" })
	if i < 0 || len(shown[i].Columns) == 0 {
		t.Errorf("no NULL counts of transformed_sales_data: %+v", shown)
	}
	tb.screenshot(t, "reports")
}

// checkRunPage: from /runs, a click on the transform's run opens its page,
// whose rejects are those of `loader rejects RUN --format json`.
func checkRunPage(t *testing.T, tb *tab, base string, env map[string]string, run models.LoadRun) {
	tb.open(t, base+"/runs", "#runs")
	tb.screenshot(t, "runs")
	tb.click(t, fmt.Sprintf(`#runs tr[data-run="%d"] a`, run.ID), "#rejects")
	if loc, want := tb.location(t), fmt.Sprintf("%s/runs/%d", base, run.ID); loc != want {
		t.Fatalf("the click on run %d went to %s, want %s", run.ID, loc, want)
	}
	if total := eval[string](t, tb, `document.getElementById('reject-total').textContent`); total != fmt.Sprint(run.RowsRejected) {
		t.Errorf("run page says %s rejects, the run %d", total, run.RowsRejected)
	}
	shown := eval[[]shownReject](t, tb, shownRejectsJS)
	want := cliRejects(t, env, run.ID)
	if len(want) == 0 || !slices.EqualFunc(shown, want, sameReject) {
		t.Errorf("run page shows rejects\n%+v\nloader rejects gives\n%+v", shown, want)
	}
	tb.screenshot(t, "run")
}

func sameReject(a, b shownReject) bool {
	return a.Position == b.Position && a.Reason == b.Reason && slices.Equal(a.Fields, b.Fields)
}

// checkXSSRun: the rejects whose raw text is a script and markup show it
// as text; none of it becomes an element or runs.
func checkXSSRun(t *testing.T, tb *tab, base string, env map[string]string, run models.LoadRun) {
	tb.open(t, fmt.Sprintf("%s/runs/%d", base, run.ID), "#rejects")
	text := eval[string](t, tb, `document.getElementById('rejects').innerText`)
	for _, p := range []string{xssScript, xssImg} {
		if !strings.Contains(text, p) {
			t.Errorf("the rejects do not show %q as text:\n%s", p, text)
		}
	}
	if got := eval[string](t, tb, `typeof window.__xss`); got != "undefined" {
		t.Errorf("window.__xss is %s: the payload ran", got)
	}
	if n := eval[int](t, tb, `document.querySelectorAll('img, [onerror]').length`); n != 0 {
		t.Errorf("%d injected img/[onerror] elements in the page", n)
	}
	scripts := eval[[]string](t, tb, `Array.from(document.scripts).map(s => s.getAttribute('src') || 'inline: ' + s.textContent)`)
	if want := []string{"/static/vendor/chart.umd.min.js", "/static/app.js"}; !slices.Equal(scripts, want) {
		t.Errorf("scripts in the page %q, want only %q", scripts, want)
	}
	shown := eval[[]shownReject](t, tb, shownRejectsJS)
	if want := cliRejects(t, env, run.ID); !slices.EqualFunc(shown, want, sameReject) {
		t.Errorf("run page shows rejects\n%+v\nloader rejects gives\n%+v", shown, want)
	}
	tb.screenshot(t, "run-markup")
}

// checkRunNow: "Run now" on / starts a run of the pipeline and comes back
// saying so; the new run shows in /runs as succeeded, with the counts of
// /api/runs.
func checkRunNow(t *testing.T, tb *tab, base, name string) {
	var before []models.LoadRun
	getJSON(t, base+"/api/runs?limit=1", &before)
	if len(before) == 0 {
		t.Fatal("/api/runs is empty")
	}
	newest := before[0].ID
	tb.open(t, base+"/", "#pipelines")
	tb.click(t, fmt.Sprintf(`#pipelines tr[data-pipeline=%q] button.run-now`, name), "#message")
	if msg := eval[string](t, tb, `document.getElementById('message').textContent`); !strings.Contains(msg, name+" started") {
		t.Errorf("message after Run now: %q", msg)
	}
	if loc := tb.location(t); !strings.HasPrefix(loc, base+"/?started=") {
		t.Errorf("Run now went to %s, want / with a message", loc)
	}
	tb.screenshot(t, "run-now")
	tb.click(t, `nav a[href="/runs"]`, "#runs")
	// The page reloads itself every 3 s while a run is going; reloading
	// sooner waits less.
	var status string
	var id int64
	deadline := time.Now().Add(30 * time.Second)
	for {
		row := eval[struct {
			ID       string `json:"id"`
			Pipeline string `json:"pipeline"`
			Status   string `json:"status"`
		}](t, tb, `(() => { const tr = document.querySelector('#runs tbody tr[data-run]');
  return tr ? {id: tr.dataset.run, pipeline: tr.cells[1].textContent, status: tr.querySelector('.status').textContent} : {id: '0'}; })()`)
		id, _ = strconv.ParseInt(row.ID, 10, 64)
		status = row.Status
		if id > newest && status != "running" {
			if row.Pipeline != name {
				t.Fatalf("the newest run %d is of %s, want %s", id, row.Pipeline, name)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s the newest run is %d, %s; want a new run of %s to end", id, status, name)
		}
		time.Sleep(300 * time.Millisecond)
		tb.do(t, "reloading /runs", chromedp.Reload())
		tb.do(t, "waiting for the runs", chromedp.WaitVisible(chromedp.CSS("#runs")))
	}
	if status != "succeeded" {
		t.Fatalf("the run started by Run now is %s", status)
	}
	var runs []models.LoadRun
	getJSON(t, base+"/api/runs?pipeline="+name, &runs)
	if len(runs) == 0 || runs[0].ID != id {
		t.Fatalf("/api/runs?pipeline=%s: %+v, want run %d first", name, runs, id)
	}
	r := runs[0]
	shown := eval[[]string](t, tb, fmt.Sprintf(`Array.from(document.querySelectorAll('#runs tr[data-run="%d"] td')).map(td => td.textContent.trim())`, id))
	want := []string{fmt.Sprint(id), name, "succeeded", fmt.Sprint(r.RowsRead), fmt.Sprint(r.RowsLoaded), fmt.Sprint(r.RowsRejected), fmt.Sprint(r.RowsDropped)}
	if r.Status != "succeeded" || r.RowsLoaded != 1 || len(shown) != 10 || !slices.Equal(append(shown[:3:3], shown[5:9]...), want) {
		t.Errorf("runs page row of run %d: %q; /api/runs: %+v", id, shown, r)
	}
}

// TestServeInBrowserNeedsTheToken: with --auth-token, the dashboard
// answers 401 to a browser without credentials, and loads, scripts and
// chart included, with the token as the basic-auth password.
func TestServeInBrowserNeedsTheToken(t *testing.T) {
	chrome := chromium(t)
	bin := loaderBinary(t)
	b := startBrowser(t, chrome)
	url := dbtest.SQLite(t)
	env := demoEnv(t, url)
	runOf(t, env, "sales_ingest")
	runOf(t, env, "sales_transform")
	const token = "s3cret-dashboard-token"
	base := startServe(t, bin, map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": env["LOADER_PIPELINES"]}, "--auth-token", token)
	tb := b.tab(t, "")

	// Chromium answers a 401 that asks for basic auth with its own error
	// page (net::ERR_INVALID_AUTH_CREDENTIALS, as nobody can type a
	// password in a headless browser): the status is the document's
	// response's.
	statuses := make(chan int64, 8)
	if err := chromedp.Listen(tb.ctx, func(ev any) {
		if r, ok := ev.(*network.EventResponseReceived); ok && r.Type == network.ResourceTypeDocument && r.Response.URL == base+"/" {
			select {
			case statuses <- r.Response.Status:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(base+"/")); err != nil && !strings.Contains(err.Error(), "ERR_INVALID_AUTH_CREDENTIALS") {
		t.Fatalf("browser: opening / without credentials: %v", err)
	}
	select {
	case code := <-statuses:
		if code != http.StatusUnauthorized {
			t.Fatalf("/ without credentials: %d, want 401", code)
		}
	case <-ctx.Done():
		t.Fatal("no response to / without credentials")
	}
	if shown := eval[bool](t, tb, `document.getElementById('pipelines') !== null`); shown {
		t.Fatal("/ without credentials shows the pipelines")
	}

	basic := base64.StdEncoding.EncodeToString([]byte("dashboard:" + token))
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Authorization": "Basic " + basic}}); err != nil {
		t.Fatalf("browser: setting the Authorization header: %v", err)
	}
	if code := tb.open(t, base+"/", "#pipelines"); code != http.StatusOK {
		t.Fatalf("/ with basic auth: %d, want 200", code)
	}
	if code := tb.open(t, base+"/reports", "#sales-chart"); code != http.StatusOK {
		t.Fatalf("/reports with basic auth: %d, want 200", code)
	}
	tb.do(t, "waiting for the chart, its scripts loaded with the token", chromedp.Poll[chromedp.Void](`typeof Chart !== 'undefined' && Chart.getChart(document.getElementById('sales-chart')) !== undefined`))
	if html := eval[string](t, tb, `document.documentElement.outerHTML`); strings.Contains(html, token) {
		t.Error("the page shows the token")
	}
}
