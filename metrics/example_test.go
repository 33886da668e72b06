package metrics_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/metrics"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// A process that runs pipelines observes them (Observe for each batch,
// RunDone for each run) and serves the metrics, those of every run in the
// warehouse among them.
func ExampleMetrics_Handler() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer func() { _ = os.RemoveAll(dir) }()
	url := "sqlite://" + filepath.Join(dir, "warehouse.db")
	u, _ := dburl.Parse(url)
	m, _ := migrations.New(ctx, u)
	_, _ = m.Up(ctx)
	_ = m.Close()
	store, _ := repository.Open(ctx, url)
	defer func() { _ = store.Close() }()

	// Another process's run, recorded in load_runs.
	run, _ := store.StartRun(ctx, "orders")
	run.Status, run.RowsRead, run.RowsLoaded = models.RunSucceeded, 10, 10
	_ = store.FinishRun(ctx, &run)

	mx := metrics.New(store)
	r := &etl.Runner{Warehouse: repository.NewWarehouse(store)}
	mx.Observe(r)
	// … then, for each run: res, err := r.Run(ctx, p); mx.RunDone(p.Name, res.Status, res.Duration)

	w := httptest.NewRecorder()
	mx.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	sc := bufio.NewScanner(w.Body)
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "loader_rows_") || strings.HasPrefix(line, "loader_runs_total") {
			fmt.Println(line)
		}
	}
	// Output:
	// loader_rows_dropped_total{pipeline="orders"} 0
	// loader_rows_loaded_total{pipeline="orders"} 10
	// loader_rows_read_total{pipeline="orders"} 10
	// loader_rows_rejected_total{pipeline="orders"} 0
	// loader_runs_total{pipeline="orders",status="cancelled"} 0
	// loader_runs_total{pipeline="orders",status="failed"} 0
	// loader_runs_total{pipeline="orders",status="succeeded"} 1
}
