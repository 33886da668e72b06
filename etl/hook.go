package etl

import (
	"context"
	"time"
)

// Hook is an action run after a run has ended and its row in load_runs is
// final: a webhook, a DAG trigger. Pipeline.OnSuccess and OnFailure hold
// them; package etl/hook has the kinds a pipeline file names.
type Hook interface {
	// Name names the hook in logs and errors, secrets redacted, e.g.
	// "webhook https://hooks.example.com/x" or "airflow dag sales_daily".
	Name() string
	// Fire tells the hook about the run. Its error has every secret
	// redacted already. ctx bounds it (see Runner.Run).
	Fire(ctx context.Context, e RunEvent) error
}

// RunEvent is what a hook is told about a run; it is also the JSON body a
// webhook sends by default.
type RunEvent struct {
	RunID    int64  `json:"run_id"`
	Pipeline string `json:"pipeline"`
	// Status is RunSucceeded, RunFailed or RunCancelled.
	Status   string `json:"status"`
	Read     int64  `json:"rows_read"`
	Loaded   int64  `json:"rows_loaded"`
	Rejected int64  `json:"rows_rejected"`
	Dropped  int64  `json:"rows_dropped"`
	// StartedAt and FinishedAt are in UTC.
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Error is the run's error as recorded in load_runs (empty when the
	// run succeeded); the values of the file's ${NAME} references are
	// masked in it.
	Error string `json:"error,omitempty"`
}

// eventOf is the event of a finished run.
func eventOf(r *Run) RunEvent {
	e := RunEvent{
		RunID: r.ID, Pipeline: r.Pipeline, Status: r.Status, Read: r.RowsRead, Loaded: r.RowsLoaded,
		Rejected: r.RowsRejected, Dropped: r.RowsDropped, StartedAt: r.StartedAt.UTC(),
	}
	if r.FinishedAt != nil {
		e.FinishedAt = r.FinishedAt.UTC()
	}
	if r.Error != nil {
		e.Error = *r.Error
	}
	return e
}
