package driver

import "errors"

// Sentinel errors a driver's Classify returns. Every error of a write that
// stems from one of these conditions wraps the sentinel, whatever the
// database.
var (
	ErrConflict   = errors.New("unique constraint violated")
	ErrForeignKey = errors.New("foreign key violated")
	ErrNotNull    = errors.New("not-null constraint violated")
	ErrCheck      = errors.New("check constraint violated")
)
