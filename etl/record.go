// Package etl is the engine: a Source yields records, Steps map each record
// to a target row or reject it with a reason, and the runner writes batches
// through a Warehouse, each batch in one transaction (Tx) together with its
// rejects and the pipeline's progress (Ledger). It holds no SQL and imports
// no storage package: it defines the ports it needs, and the repository
// package implements them.
package etl

import (
	"errors"
	"fmt"
	"strings"
)

// Row holds one record's values by column position. A nil value is NULL.
// Values are, by kind: string (as read), int64, decimal.Decimal, bool,
// time.Time (UTC), float64.
type Row = []any

// Record is a row on its way through a pipeline.
type Record struct {
	// N is the record's ordinal in the source, from 1.
	N int64
	// Line is the line the record starts on (text sources), or 0.
	Line int64
	// Key is the record's key value (SQL sources), or "".
	Key string
	// Raw is the record as the source read it; kept for rejects.
	Raw Row
	// Row is the record being transformed.
	Row Row
	// JSON, when the source reads JSON, is the record's text as the source
	// holds it (an object, its keys in source order), valid until the next
	// record: a reject stores it as it is, nested values included, rather
	// than Raw's values. Other sources leave it nil.
	JSON []byte
}

// Position describes where the record came from, for rejects and errors:
// "line 12", "record 12" or "key 42".
func (r *Record) Position() string {
	switch {
	case r.Line > 0:
		return fmt.Sprintf("line %d", r.Line)
	case r.Key != "":
		return "key " + r.Key
	default:
		return fmt.Sprintf("record %d", r.N)
	}
}

// Columns names the positions of a Row. It is immutable once built.
type Columns struct {
	names []string
	index map[string]int
}

// NewColumns returns the columns with these names. Names must be unique
// and not empty.
func NewColumns(names ...string) (Columns, error) {
	c := Columns{names: append([]string(nil), names...), index: make(map[string]int, len(names))}
	for i, n := range names {
		if strings.TrimSpace(n) == "" {
			return Columns{}, fmt.Errorf("column %d has no name", i+1)
		}
		if _, dup := c.index[n]; dup {
			return Columns{}, fmt.Errorf("column %q appears twice", n)
		}
		c.index[n] = i
	}
	return c, nil
}

// MustColumns is NewColumns that panics on error, for fixed column lists.
func MustColumns(names ...string) Columns {
	c, err := NewColumns(names...)
	if err != nil {
		panic(err)
	}
	return c
}

// Names returns the column names in order. Do not modify the slice.
func (c Columns) Names() []string { return c.names }

// Len returns the number of columns.
func (c Columns) Len() int { return len(c.names) }

// Index returns the position of name, or -1.
func (c Columns) Index(name string) int {
	if i, ok := c.index[name]; ok {
		return i
	}
	return -1
}

// Lookup returns the position of name, or an error that lists the columns
// there are.
func (c Columns) Lookup(name string) (int, error) {
	if i, ok := c.index[name]; ok {
		return i, nil
	}
	return -1, fmt.Errorf("%w %q; the columns are: %s", ErrNoColumn, name, strings.Join(c.names, ", "))
}

// ErrNoColumn is returned (wrapped) when a step names a column the
// records do not have.
var ErrNoColumn = errors.New("no column")

// RejectError rejects one record: the runner stores it in load_rejects with
// the reason and goes on with the next record.
type RejectError struct{ Reason string }

func (e *RejectError) Error() string { return e.Reason }

// Rejectf returns a RejectError with a formatted reason.
func Rejectf(format string, a ...any) error { return &RejectError{Reason: fmt.Sprintf(format, a...)} }

// ErrDrop is returned by a step to remove a record on purpose (a filter,
// a duplicate): it is counted as dropped, not rejected.
var ErrDrop = errors.New("record dropped")
