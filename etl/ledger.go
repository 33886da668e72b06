package etl

import "time"

// Run statuses, as Run.Status holds them.
const (
	RunRunning   = "running"
	RunSucceeded = "succeeded"
	RunFailed    = "failed"
	RunCancelled = "cancelled"
	// RunSkipped is a scheduled run that did not load (see models.RunSkipped).
	RunSkipped = "skipped"
)

// Run is one execution of a pipeline, as the Warehouse records it.
type Run struct {
	ID                                 int64
	Pipeline                           string
	Status                             string
	StartedAt                          time.Time
	FinishedAt                         *time.Time
	RowsRead, RowsLoaded, RowsRejected int64
	// RowsDropped counts the records the steps filtered out.
	RowsDropped int64
	// Error is the error the run ended with (nil when it succeeded).
	Error *string
}

// Reject is a source record a run could not load, with the reason.
type Reject struct {
	RunID int64
	// Position is where the record is in the source (see Record.Position).
	Position string
	// Record holds the record as a JSON object, its fields in source
	// order (a JSON source's element as the file has it, which may be no
	// object when that is why it was rejected).
	Record string
	Reason string
}

// State is a pipeline's committed progress: where its next run resumes.
type State struct {
	Pipeline string
	// Source is the Identity of the source the checkpoint was taken on.
	Source string
	// Records counts the source records consumed; Cursor is the source's
	// cursor (empty when it has none).
	Records int64
	Cursor  string
	// Loaded counts the rows the pipeline's runs loaded under this
	// checkpoint (since the last reset or full refresh). When it is above
	// 0 and the target is empty, the target no longer holds what the
	// checkpoint describes.
	Loaded int64
	// RunID is the run that committed it.
	RunID int64
}
