package parquetsource

import (
	"errors"

	"github.com/warehouse-loader/loader/etl/source"
)

// ErrNotParquet is matched (errors.Is) by the error Open returns for a
// file that is not a complete Parquet file: no PAR1 magic at its start
// (another format) or at its end (truncated, or still being written), or
// a footer that cannot be decoded. The error also matches
// source.ErrMalformed, and so does a damaged page found by Next.
var ErrNotParquet = errors.New("not a Parquet file")

// formatError is broken Parquet input: one line saying what is wrong with
// which file and what to do. It matches ErrNotParquet (when notParquet)
// and source.ErrMalformed.
type formatError struct {
	msg        string
	notParquet bool
	err        error // the cause, if any
}

func (e *formatError) Error() string { return e.msg }

// Unwrap returns the cause.
func (e *formatError) Unwrap() error { return e.err }

// Is reports whether target is source.ErrMalformed, or ErrNotParquet for
// a file that is not a complete Parquet file.
func (e *formatError) Is(target error) bool {
	return target == source.ErrMalformed || e.notParquet && target == ErrNotParquet
}
