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

// ErrChanged is wrapped by the error reading returns when the file ends
// before the size it had when the run opened it: it was truncated or
// rewritten while being read. (Bytes appended during a run are left for
// the next run: a run reads no further than the size at its start.)
var ErrChanged = errors.New("file changed while being read")

// ErrCompressed is wrapped by the error reading a compressed file (gzip
// or zstd, by its name or its first bytes) returns when it cannot be
// decompressed: damaged, cut short, or not in that format. The message
// names the format, the cause and how far the file was read.
var ErrCompressed = errors.New("damaged compressed file")

// ErrNotFile is wrapped by a constructor's error when the path names a
// directory.
var ErrNotFile = errors.New("is a directory, not a file")

// ErrEncoding is wrapped by Open's error when the file is in an encoding
// the source cannot read (UTF-16, where UTF-8 or a single-byte encoding is
// expected).
var ErrEncoding = errors.New("unsupported text encoding")

// ErrCursor is wrapped by Open's error when the checkpoint's cursor cannot
// be used with this file.
var ErrCursor = errors.New("bad checkpoint cursor")

// MalformedError reports broken input: the file (as given to the
// constructor), the line and the cause. It matches ErrMalformed.
type MalformedError struct {
	File string
	Line int64
	// Offset is the byte offset of the error in the file, when known
	// (JSON); 0 otherwise.
	Offset int64
	Err    error
}

// Error returns "data.csv line 7: <cause>", or "data.json line 7 (byte
// 120): <cause>" when the offset is known.
func (e *MalformedError) Error() string {
	if e.Offset > 0 {
		return fmt.Sprintf("%s line %d (byte %d): %v", e.File, e.Line, e.Offset, e.Err)
	}
	return fmt.Sprintf("%s line %d: %v", e.File, e.Line, e.Err)
}

// Unwrap returns the cause.
func (e *MalformedError) Unwrap() error { return e.Err }

// Is reports whether target is ErrMalformed.
func (e *MalformedError) Is(target error) bool { return target == ErrMalformed }
