package source

import (
	"errors"
	"fmt"
)

// ErrMalformed is matched (errors.Is) by the *MalformedError that Open and
// Next return when the input's structure is broken: an unterminated or
// bare quote in CSV, truncated or invalid JSON. Reading cannot go on.
var ErrMalformed = errors.New("malformed input")

// ErrHeader is wrapped by Open's error when the columns cannot be
// established: no CSV header row, an empty or duplicate name, no first
// JSON object to take keys from, or columns that differ from those the
// checkpoint was taken with.
var ErrHeader = errors.New("bad header")

// ErrChanged is wrapped by Open's error when the file's size or
// modification time differ from when the source was made (and so from
// its Identity).
var ErrChanged = errors.New("file changed since the source was made")

// ErrCursor is wrapped by Open's error when the checkpoint's cursor cannot
// be used with this file.
var ErrCursor = errors.New("bad checkpoint cursor")

// MalformedError reports broken input: the file (as given to the
// constructor), the line and the cause. It matches ErrMalformed.
type MalformedError struct {
	File string
	Line int64
	Err  error
}

// Error returns "data.csv line 7: <cause>".
func (e *MalformedError) Error() string {
	return fmt.Sprintf("%s line %d: %v", e.File, e.Line, e.Err)
}

// Unwrap returns the cause.
func (e *MalformedError) Unwrap() error { return e.Err }

// Is reports whether target is ErrMalformed.
func (e *MalformedError) Is(target error) bool { return target == ErrMalformed }
