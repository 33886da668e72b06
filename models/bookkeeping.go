package models

import "time"

// Run statuses, as stored in LoadRun.Status.
const (
	RunRunning   = "running"
	RunSucceeded = "succeeded"
	RunFailed    = "failed"
	RunCancelled = "cancelled"
	// RunSkipped is a scheduled run that did not load: the pipeline's
	// previous run was still going, or its lock was held elsewhere. Its
	// Error says why; its counts are zero and it never holds the lease.
	RunSkipped = "skipped"
)

// RunStatuses lists every run status.
var RunStatuses = []string{RunRunning, RunSucceeded, RunFailed, RunCancelled, RunSkipped}

// LoadRun is one execution of a pipeline.
type LoadRun struct {
	ID           int64      `gorm:"primaryKey;autoIncrement" json:"id"`
	Pipeline     string     `gorm:"type:text;not null;index" json:"pipeline"`
	Status       string     `gorm:"type:text;not null;check:status IN ('running', 'succeeded', 'failed', 'cancelled', 'skipped')" json:"status"`
	StartedAt    time.Time  `gorm:"not null" json:"started_at"`
	FinishedAt   *time.Time `json:"finished_at"`
	RowsRead     int64      `gorm:"not null" json:"rows_read"`
	RowsLoaded   int64      `gorm:"not null" json:"rows_loaded"`
	RowsRejected int64      `gorm:"not null" json:"rows_rejected"`
	// RowsDropped counts the records the pipeline's steps filtered out
	// (neither loaded nor rejected).
	RowsDropped int64   `gorm:"not null" json:"rows_dropped"`
	Error       *string `gorm:"type:text" json:"error"`
	// HookError is what the run's failing after-run hooks said, each
	// prefixed by the hook's name and joined by "; " (nil when none
	// failed). A hook never changes Status.
	HookError *string `gorm:"type:text" json:"hook_error"`
}

// LoadReject is a source record a run could not load, with the reason.
// The index on (load_run_id, id) gives a run's rejects in their order, so
// a page of them (WHERE load_run_id = ? AND id > ? ORDER BY id LIMIT n)
// and their count read only that run's entries.
type LoadReject struct {
	ID        int64  `gorm:"primaryKey;autoIncrement;index:idx_load_rejects_load_run_id_id,priority:2" json:"id"`
	LoadRunID int64  `gorm:"not null;index:idx_load_rejects_load_run_id_id,priority:1" json:"load_run_id"`
	Position  string `gorm:"type:text;not null" json:"position"`
	Record    string `gorm:"type:text;not null" json:"record"`
	Reason    string `gorm:"type:text;not null" json:"reason"`
	// LoadRun declares the foreign key load_run_id → load_runs.id (ON
	// DELETE CASCADE) to GORM's schema; it is never loaded or written.
	LoadRun *LoadRun `gorm:"constraint:OnDelete:CASCADE" json:"-"`
}

// LoadState is a pipeline's committed progress: where the next run resumes.
// It is written in the same transaction as the rows it accounts for.
type LoadState struct {
	Pipeline string `gorm:"primaryKey;type:text"`
	// Source identifies what the checkpoint was taken on (a file source's
	// kind, whose cursor holds the content fingerprint; a SQL source's
	// database, table or query and key). A checkpoint that does not fit
	// the source is never used silently (see etl.ErrSourceChanged).
	Source string `gorm:"type:text;not null"`
	// SourceOffset counts the source records consumed (file sources).
	SourceOffset int64 `gorm:"not null"`
	// Cursor is the last cursor value loaded (incremental SQL sources).
	Cursor *string `gorm:"type:text"`
	// RowsLoaded counts the rows the pipeline's runs loaded under this
	// checkpoint, committed with each batch: when it is above 0 and the
	// target is empty, the target no longer holds what the checkpoint
	// describes (it was recreated or emptied), and a run refuses to resume.
	RowsLoaded int64     `gorm:"not null"`
	LoadRunID  int64     `gorm:"not null"`
	UpdatedAt  time.Time `gorm:"not null"`
}

// TableName pins the singular name the design uses.
func (LoadState) TableName() string { return "load_state" }

// Bookkeeping is implemented by the loader's own tables (runs, rejects,
// state, leases): they are in All, so migrations and the drift check
// cover them, but no pipeline may write them.
type Bookkeeping interface {
	LoaderBookkeeping()
}

// LoaderBookkeeping marks LoadRun as bookkeeping.
func (LoadRun) LoaderBookkeeping() {}

// LoaderBookkeeping marks LoadReject as bookkeeping.
func (LoadReject) LoaderBookkeeping() {}

// LoaderBookkeeping marks LoadState as bookkeeping.
func (LoadState) LoaderBookkeeping() {}

// LoaderBookkeeping marks LoadLease as bookkeeping.
func (LoadLease) LoaderBookkeeping() {}
