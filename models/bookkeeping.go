package models

import "time"

// Run statuses, as stored in LoadRun.Status.
const (
	RunRunning   = "running"
	RunSucceeded = "succeeded"
	RunFailed    = "failed"
	RunCancelled = "cancelled"
)

// LoadRun is one execution of a pipeline.
type LoadRun struct {
	ID           int64     `gorm:"primaryKey;autoIncrement"`
	Pipeline     string    `gorm:"type:text;not null;index"`
	Status       string    `gorm:"type:text;not null"`
	StartedAt    time.Time `gorm:"not null"`
	FinishedAt   *time.Time
	RowsRead     int64   `gorm:"not null"`
	RowsLoaded   int64   `gorm:"not null"`
	RowsRejected int64   `gorm:"not null"`
	Error        *string `gorm:"type:text"`
}

// LoadReject is a source record a run could not load, with the reason.
type LoadReject struct {
	ID        int64  `gorm:"primaryKey;autoIncrement"`
	LoadRunID int64  `gorm:"not null;index"`
	Position  string `gorm:"type:text;not null"`
	Record    string `gorm:"type:text;not null"`
	Reason    string `gorm:"type:text;not null"`
}

// LoadState is a pipeline's committed progress: where the next run resumes.
// It is written in the same transaction as the rows it accounts for.
type LoadState struct {
	Pipeline string `gorm:"primaryKey;type:text"`
	// Source identifies what the offset refers to (a file's path and size,
	// a table); a different source restarts from the beginning.
	Source string `gorm:"type:text;not null"`
	// SourceOffset counts the source records consumed (file sources).
	SourceOffset int64 `gorm:"not null"`
	// Cursor is the last cursor value loaded (incremental SQL sources).
	Cursor    *string   `gorm:"type:text"`
	LoadRunID int64     `gorm:"not null"`
	UpdatedAt time.Time `gorm:"not null"`
}

// TableName pins the singular name the design uses.
func (LoadState) TableName() string { return "load_state" }
