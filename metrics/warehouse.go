package metrics

import (
	"context"
	"log/slog"
	"slices"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// finished are the statuses loader_runs_total always has a series for,
// so that the first failure of a pipeline is an increase from 0.
var finished = []string{models.RunSucceeded, models.RunFailed, models.RunCancelled}

// warehouseCollector reads load_runs at each scrape.
type warehouseCollector struct {
	src     Source
	timeout time.Duration
	log     *slog.Logger
	// down is set while the warehouse cannot be read (logged once).
	down atomic.Bool

	up, read, loaded, rejected, dropped, runs, inProgress, lastSuccess *prometheus.Desc
}

func newWarehouseCollector(src Source, timeout time.Duration, log *slog.Logger) *warehouseCollector {
	pipeline := []string{labelPipeline}
	return &warehouseCollector{
		src: src, timeout: timeout, log: log,
		up:          prometheus.NewDesc("loader_warehouse_up", "1 when the warehouse answered this scrape's queries of load_runs, 0 when it did not.", nil, nil),
		read:        prometheus.NewDesc("loader_rows_read_total", "Source records read by the pipeline's runs, as recorded in load_runs.", pipeline, nil),
		loaded:      prometheus.NewDesc("loader_rows_loaded_total", "Rows the pipeline's runs loaded into its target.", pipeline, nil),
		rejected:    prometheus.NewDesc("loader_rows_rejected_total", "Records the pipeline's runs rejected (see loader rejects).", pipeline, nil),
		dropped:     prometheus.NewDesc("loader_rows_dropped_total", "Records the pipeline's steps filtered out.", pipeline, nil),
		runs:        prometheus.NewDesc("loader_runs_total", "Finished runs of the pipeline, by final status.", []string{labelPipeline, labelStatus}, nil),
		inProgress:  prometheus.NewDesc("loader_runs_in_progress", "Runs of the pipeline recorded as running.", pipeline, nil),
		lastSuccess: prometheus.NewDesc("loader_last_success_timestamp_seconds", "When the pipeline's latest succeeded run finished, in seconds since the Unix epoch.", pipeline, nil),
	}
}

// Describe sends every descriptor of the collector.
func (c *warehouseCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.up, c.read, c.loaded, c.rejected, c.dropped, c.runs, c.inProgress, c.lastSuccess} {
		ch <- d
	}
}

// Collect reads load_runs within the scrape timeout; when it cannot, it
// sends loader_warehouse_up 0 alone.
func (c *warehouseCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	totals, err := c.src.RunTotals(ctx)
	if err != nil {
		if !c.down.Swap(true) {
			c.log.Warn("metrics: the warehouse cannot be read; loader_warehouse_up is 0 until it can", "err", err)
		}
		ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 0)
		return
	}
	if c.down.Swap(false) {
		c.log.Info("metrics: the warehouse can be read again")
	}
	ch <- prometheus.MustNewConstMetric(c.up, prometheus.GaugeValue, 1)
	for _, t := range totals {
		c.collectPipeline(ch, t)
	}
}

// collectPipeline sends the metrics of one pipeline.
func (c *warehouseCollector) collectPipeline(ch chan<- prometheus.Metric, t repository.PipelineTotals) {
	counter := func(d *prometheus.Desc, v int64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), t.Pipeline)
	}
	counter(c.read, t.Read)
	counter(c.loaded, t.Loaded)
	counter(c.rejected, t.Rejected)
	counter(c.dropped, t.Dropped)
	ch <- prometheus.MustNewConstMetric(c.inProgress, prometheus.GaugeValue, float64(t.Runs[models.RunRunning]), t.Pipeline)
	for _, status := range statuses(t.Runs) {
		ch <- prometheus.MustNewConstMetric(c.runs, prometheus.CounterValue, float64(t.Runs[status]), t.Pipeline, status)
	}
	if t.LastSuccess != nil {
		ch <- prometheus.MustNewConstMetric(c.lastSuccess, prometheus.GaugeValue, float64(t.LastSuccess.UnixNano())/1e9, t.Pipeline)
	}
}

// statuses returns the finished statuses, and any other but running the
// runs have, sorted.
func statuses(runs map[string]int64) []string {
	out := slices.Clone(finished)
	for s := range runs {
		if s != models.RunRunning && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}
