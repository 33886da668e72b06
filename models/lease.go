package models

import "time"

// LoadLease names the run that owns a pipeline. A run claims it when it
// starts, and every batch it commits first checks, in the batch's own
// transaction, that it still holds it: a run that lost its pipeline lock
// (a closed connection) fails instead of writing next to the run that
// took over.
type LoadLease struct {
	Pipeline   string    `gorm:"primaryKey;type:text"`
	LoadRunID  int64     `gorm:"not null"`
	AcquiredAt time.Time `gorm:"not null"`
}
