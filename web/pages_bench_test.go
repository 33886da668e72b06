package web_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"gorm.io/gorm"

	_ "github.com/warehouse-loader/loader/etl/source/csv" // the pipelines' sources
	_ "github.com/warehouse-loader/loader/etl/source/sql"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
	_ "github.com/warehouse-loader/loader/repository/drivers" // every driver
	"github.com/warehouse-loader/loader/web"
)

// The size of BenchmarkPages' warehouse (make bench-serve).
var (
	benchRuns      = flag.Int("serve.runs", 100000, "BenchmarkPages: load_runs to seed")
	benchDialects  = flag.String("serve.dialects", "sqlite,postgres,mysql", "BenchmarkPages: databases to seed and measure")
	benchSalesRows = flag.Int("serve.sales", 10000, "BenchmarkPages: rows of sales_data and transformed_sales_data")
)

// The seeded history: every run of an odd id has (id*13)%21 rejects (0 to
// 20, 10 on average), every even one none, and heavyRuns each hold
// heavyRejects: 1M rejects in all with 100k runs.
const (
	heavyRuns    = 5
	heavyRejects = 100000
)

// benchPipelines are the pipelines the seeded runs belong to.
var benchPipelines = []string{"sales_ingest", "sales_transform", "orders_api", "events_kafka", "orders_mongo"}

const benchPipelineFile = `pipelines:
  sales_ingest: {source: {csv: {path: sales.csv}}, target: sales_data, mode: append}
  sales_transform: {source: {sql: {table: sales_data, key: id}}, target: transformed_sales_data, mode: upsert, keys: [order_id]}
  orders_api: {source: {csv: {path: orders.csv}}, target: api_orders, mode: append}
  events_kafka: {source: {csv: {path: events.csv}}, target: queue_events, mode: append}
  orders_mongo: {source: {csv: {path: mongo.csv}}, target: mongo_orders, mode: append}
`

// BenchmarkPages times every dashboard page and API endpoint through the
// server's handler against a warehouse with a big history (100k runs,
// 1M rejects by default), on each database: one sub-benchmark per page,
// reporting the median and 95th percentile of its requests. Run it with
// a fixed count of requests, after one of warm-up:
//
//	go test -run '^$' -bench BenchmarkPages -benchtime 20x ./web/
func BenchmarkPages(b *testing.B) {
	for _, d := range strings.Split(*benchDialects, ",") {
		b.Run(d, func(b *testing.B) { benchPages(b, d) })
	}
}

// timing is one page's figures.
type timing struct {
	page     string
	p50, p95 time.Duration
	n        int
}

func benchPages(b *testing.B, dialect string) {
	ctx := context.Background()
	u := dbtest.New(b, dialect)
	dbtest.Migrate(b, u)
	store, err := repository.Open(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = store.Close() })
	start := time.Now()
	h := seedHistory(b, store)
	seeded := time.Since(start).Round(100 * time.Millisecond)

	f, err := spec.Parse([]byte(benchPipelineFile), func(string) string { return "" })
	if err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(web.Config{Store: store, File: f, Models: models.All()})
	if err != nil {
		b.Fatal(err)
	}
	handler := srv.Handler()
	pages := []string{
		"/",
		"/runs",
		"/runs?pipeline=sales_transform",
		"/runs?status=failed",
		"/runs?pipeline=sales_transform&status=failed",
		fmt.Sprintf("/runs?before=%d", h.deepRun),
		fmt.Sprintf("/runs/%d", h.heavy),
		fmt.Sprintf("/runs/%d?reason=decimal", h.heavy),
		fmt.Sprintf("/runs/%d?after=%d", h.heavy, h.deepReject),
		fmt.Sprintf("/runs/%d", h.empty),
		"/reports",
		"/api/pipelines",
		"/api/runs",
		fmt.Sprintf("/api/runs/%d/rejects", h.heavy),
		"/api/tables",
	}
	var timings []timing
	for _, p := range pages {
		b.Run(strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "_").Replace(p), func(b *testing.B) {
			mustGet(b, handler, p) // warm-up
			took := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				mustGet(b, handler, p)
				took = append(took, time.Since(t0))
			}
			b.StopTimer()
			slices.Sort(took)
			t := timing{page: p, p50: quantile(took, 0.5), p95: quantile(took, 0.95), n: len(took)}
			b.ReportMetric(float64(t.p50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(t.p95.Microseconds())/1000, "p95-ms")
			if i := slices.IndexFunc(timings, func(x timing) bool { return x.page == p }); i >= 0 {
				timings[i] = t // the last (largest) round of the page
			} else {
				timings = append(timings, t)
			}
		})
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "\n%s: %d runs, %d rejects (seeded in %s; load average %s)\tp50 ms\tp95 ms\trequests\t\n", dialect, h.runs, h.rejects, seeded, loadAverage())
	for _, t := range timings {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%d\t\n", t.page, ms(t.p50), ms(t.p95), t.n)
	}
	_ = tw.Flush()
}

// loadAverage is the machine's load average over the last minute (Linux),
// which the figures depend on: "?" where it cannot be read.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// quantile is the q-quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*q+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func mustGet(b *testing.B, h http.Handler, path string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
	}
}

// history is what seedHistory wrote: the ids the pages are asked for.
type history struct {
	runs, rejects int64
	heavy         int64 // a run with heavyRejects rejects
	empty         int64 // a run with none
	deepRun       int64 // a run deep in the history
	deepReject    int64 // a reject deep in the heavy run's
}

// seedHistory fills the warehouse with *benchRuns runs over
// benchPipelines (mostly succeeded, 5% failed with an error, 2%
// cancelled), their rejects and some sales rows, each table with one
// INSERT … SELECT over a table of numbers.
func seedHistory(b *testing.B, store *repository.Store) history {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	n := int64(*benchRuns)
	h := history{empty: 2, deepRun: max(n/20, 1)}
	heavy := make([]string, 0, heavyRuns)
	for k := range int64(heavyRuns) {
		id := (k+1)*(n/heavyRuns) - 9 // odd, failed
		if id%2 == 0 {
			id--
		}
		heavy = append(heavy, fmt.Sprint(id))
		h.heavy = id
	}
	heavyIn := strings.Join(heavy, ", ")
	at := minutesAfter(string(store.Dialect()))
	cases := func(col string, names []string) string {
		var s strings.Builder
		s.WriteString("CASE " + col)
		for i, v := range names {
			fmt.Fprintf(&s, " WHEN %d THEN '%s'", i, v)
		}
		return s.String() + " END"
	}
	reasons := []string{
		`column sales_amount: "12,50" is not a valid decimal`,
		`column quantity: "three" is not a valid integer`,
		`column sold_at: "2026-13-01 10:00:00" is not a valid time (layout 2006-01-02 15:04:05)`,
		`row has 6 fields, the header 7`,
	}
	// insertRejects makes reject x.i of run r.id, its reason one of four.
	insertRejects := fmt.Sprintf(`INSERT INTO load_rejects (load_run_id, position, record, reason)
			SELECT r.id, CONCAT('line ', x.i + 2),
				CONCAT('{"order_id":"O-', r.id, '-', x.i, '","sold_at":"2026-03-01 10:00:00","customer":"Customer ', x.i %% 97, '","quantity":"', x.i %% 9, '","sales_amount":"12,50"}'),
				%s
			`, cases("(x.i % 4)", reasons))
	stmts := []string{
		`CREATE TABLE bench_digits (d integer NOT NULL PRIMARY KEY)`,
		`INSERT INTO bench_digits (d) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)`,
		`CREATE TABLE bench_numbers (i integer NOT NULL PRIMARY KEY)`,
		`INSERT INTO bench_numbers (i) SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d
			FROM bench_digits a, bench_digits b, bench_digits c, bench_digits e, bench_digits f, bench_digits g`,
		fmt.Sprintf(`INSERT INTO load_runs (id, pipeline, status, started_at, finished_at, rows_read, rows_loaded, rows_rejected, rows_dropped, error)
			SELECT i, %s,
				CASE WHEN i IN (%[2]s) OR i %% 19 = 3 THEN 'failed' WHEN i %% 47 = 7 THEN 'cancelled' ELSE 'succeeded' END,
				%[3]s, %[4]s, 10000 + i %% 1000, 10000 + i %% 1000 - (CASE WHEN i IN (%[2]s) THEN %[5]d WHEN i %% 2 = 1 THEN (i*13) %% 21 ELSE 0 END),
				CASE WHEN i IN (%[2]s) THEN %[5]d WHEN i %% 2 = 1 THEN (i*13) %% 21 ELSE 0 END, i %% 3,
				CASE WHEN i IN (%[2]s) OR i %% 19 = 3 THEN 'load batch 3: column sales_amount: too many rejects (max_rejects 100); fix the source or raise max_rejects' END
			FROM (SELECT i + 1 AS i FROM bench_numbers WHERE i < %[6]d) r`,
			cases("(i % 5)", benchPipelines), heavyIn, at("i * 10"), at("i * 10 + 3"), heavyRejects, n),
		// the light runs' rejects, then the heavy runs'
		insertRejects + `FROM load_runs r JOIN bench_numbers x ON x.i < r.rows_rejected
			WHERE r.rows_rejected <= 20 ORDER BY r.id, x.i`,
		insertRejects + fmt.Sprintf(`FROM load_runs r JOIN bench_numbers x ON x.i < %d
			WHERE r.id IN (%s) ORDER BY r.id, x.i`, heavyRejects, heavyIn),
		fmt.Sprintf(`INSERT INTO sales_data (order_id, sold_at, customer, product, region, quantity, sales_amount, load_run_id)
			SELECT CONCAT('O-', i), '2026-03-01 10:00:00', CONCAT('Customer ', i %% 97), CONCAT('Product ', i %% 13), %s, CONCAT('', i %% 9 + 1), CONCAT(i %% 900, '.50'), 1
			FROM bench_numbers WHERE i < %d`, cases("(i % 4)", []string{"North", "South", "East", "West"}), *benchSalesRows),
		fmt.Sprintf(`INSERT INTO transformed_sales_data (order_id, sold_at, customer, product, region, quantity, sales_amount, sales_category, load_run_id)
			SELECT CONCAT('O-', i), %s, CONCAT('Customer ', i %% 97), CONCAT('Product ', i %% 13), %s, i %% 9 + 1, i %% 900 + 0.5,
				CASE WHEN i %% 900 < 100 THEN 'Low' WHEN i %% 900 < 500 THEN 'Medium' ELSE 'High' END, 2
			FROM bench_numbers WHERE i < %d`, at("i"), cases("(i % 4)", []string{"North", "South", "East", "West"}), *benchSalesRows),
		`DROP TABLE bench_numbers`,
		`DROP TABLE bench_digits`,
	}
	switch store.Dialect() {
	case "postgres": // what autovacuum does to a warehouse between loads
		stmts = append(stmts, `SELECT setval('load_runs_id_seq', (SELECT MAX(id) FROM load_runs))`, `VACUUM ANALYZE`)
	case "mysql":
		stmts = append(stmts, `ANALYZE TABLE load_runs, load_rejects, sales_data, transformed_sales_data`)
	default:
		stmts = append(stmts, `ANALYZE`)
	}
	err := store.Query(ctx, func(db *gorm.DB) error {
		for _, s := range stmts {
			if err := db.Exec(s).Error; err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		if err := db.Raw(`SELECT COUNT(*) FROM load_runs`).Row().Scan(&h.runs); err != nil {
			return err
		}
		if err := db.Raw(`SELECT COUNT(*) FROM load_rejects`).Row().Scan(&h.rejects); err != nil {
			return err
		}
		return db.Raw(`SELECT id FROM load_rejects WHERE load_run_id = ? ORDER BY id LIMIT 1 OFFSET ?`, h.heavy, heavyRejects*9/10).Row().Scan(&h.deepReject)
	})
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// minutesAfter returns the dialect's expression of the time so many
// minutes (an SQL expression) after 2026-01-01 00:00 UTC.
func minutesAfter(dialect string) func(minutes string) string {
	return func(m string) string {
		switch dialect {
		case "postgres":
			return fmt.Sprintf("(TIMESTAMPTZ '2026-01-01 00:00:00+00' + (%s) * INTERVAL '1 minute')", m)
		case "mysql":
			return fmt.Sprintf("TIMESTAMPADD(MINUTE, %s, '2026-01-01 00:00:00')", m)
		}
		return fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%S', '2026-01-01 00:00:00', CONCAT('+', %s, ' minutes'))", m)
	}
}
