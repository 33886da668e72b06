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

// LoadUnit is what the warehouse knows of one file of a pipeline that
// reads many (a glob, a folder, an S3 prefix): the version (stamp) it was
// last loaded or failed in. A run skips a file recorded loaded under the
// stamp the listing finds; its checkpoint and lease are kept in load_state
// and load_leases under Unit ("pipeline/name").
type LoadUnit struct {
	Unit       string    `gorm:"primaryKey;type:text"`
	Pipeline   string    `gorm:"type:text;not null;index"`
	Name       string    `gorm:"type:text;not null"`
	Stamp      string    `gorm:"type:text;not null"`
	Status     string    `gorm:"type:text;not null"`
	RowsLoaded int64     `gorm:"not null"`
	LoadRunID  int64     `gorm:"not null"`
	Error      *string   `gorm:"type:text"`
	UpdatedAt  time.Time `gorm:"not null"`
}

// LoaderBookkeeping marks LoadUnit as bookkeeping.
func (LoadUnit) LoaderBookkeeping() {}
