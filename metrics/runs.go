package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/warehouse-loader/loader/etl"
)

// newRunHistograms returns loader_run_duration_seconds and
// loader_batch_commit_seconds.
func newRunHistograms() (runDuration, batchCommit *prometheus.HistogramVec) {
	runDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "loader_run_duration_seconds",
		Help:    "Duration of the runs this process executed, by pipeline and final status.",
		Buckets: []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600},
	}, []string{labelPipeline, labelStatus})
	batchCommit = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "loader_batch_commit_seconds",
		Help:    "Time a batch's transaction took, writing its rows, rejects, counts and checkpoint through commit, for the runs this process executed.",
		Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30},
	}, []string{labelPipeline})
	return runDuration, batchCommit
}

// Observe makes r report each committed batch to m (see Progress), then
// to the Progress r had, if any.
func (m *Metrics) Observe(r *etl.Runner) {
	next := r.Progress
	r.Progress = func(p etl.Progress) {
		m.Progress(p)
		if next != nil {
			next(p)
		}
	}
}

// Progress observes a committed batch's commit latency (etl.Progress.Commit).
func (m *Metrics) Progress(p etl.Progress) {
	m.batchCommit.WithLabelValues(p.Pipeline).Observe(p.Commit.Seconds())
}

// RunDone observes the duration of a run of pipeline that ended with
// status (etl.Result's Status and Duration). A run that never started (no
// status: its pipeline was locked, its schema not current) is not one.
func (m *Metrics) RunDone(pipeline, status string, d time.Duration) {
	if status == "" {
		return
	}
	m.runDuration.WithLabelValues(pipeline, status).Observe(d.Seconds())
}
