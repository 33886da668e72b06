// Package metrics exposes the loader's Prometheus metrics: what the
// warehouse's load_runs say of every run, whichever process ran it (read
// at each scrape), and the run durations and batch commit latencies of
// the runs this process executes. Labels are pipeline names and run
// statuses, never URLs or errors.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/warehouse-loader/loader/repository"
)

// Source is the warehouse the metrics read at each scrape
// (*repository.Store is one).
type Source interface {
	RunTotals(ctx context.Context) ([]repository.PipelineTotals, error)
}

// The labels of the loader's metrics: a pipeline's name and a run's
// status, never anything else.
const (
	labelPipeline = "pipeline"
	labelStatus   = "status"
)

// DefaultScrapeTimeout bounds the warehouse's queries of one scrape.
const DefaultScrapeTimeout = 5 * time.Second

// Option configures New.
type Option func(*Metrics)

// WithLogger receives a warning when the warehouse cannot be read (once,
// until it can be again).
func WithLogger(l *slog.Logger) Option {
	return func(m *Metrics) {
		if l != nil {
			m.log = l
		}
	}
}

// WithScrapeTimeout bounds the warehouse's queries of one scrape (default
// DefaultScrapeTimeout; d <= 0 keeps it).
func WithScrapeTimeout(d time.Duration) Option {
	return func(m *Metrics) {
		if d > 0 {
			m.timeout = d
		}
	}
}

// Metrics is a registry of the loader's metrics, with the Go runtime's and
// the process's.
type Metrics struct {
	reg         *prometheus.Registry
	log         *slog.Logger
	timeout     time.Duration
	runDuration *prometheus.HistogramVec
	batchCommit *prometheus.HistogramVec
}

// New returns the metrics of the warehouse src and of the runs this
// process reports (see Observe and RunDone).
func New(src Source, opts ...Option) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), log: slog.New(slog.DiscardHandler), timeout: DefaultScrapeTimeout}
	for _, o := range opts {
		o(m)
	}
	m.runDuration, m.batchCommit = newRunHistograms()
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		newWarehouseCollector(src, m.timeout, m.log),
		m.runDuration, m.batchCommit,
	)
	return m
}

// Handler serves the metrics in the Prometheus exposition formats. A
// warehouse that cannot be read gives loader_warehouse_up 0 and the
// other metrics, not an error.
func (m *Metrics) Handler() http.Handler {
	return promhttp.InstrumentMetricHandler(m.reg, promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError,
	}))
}
