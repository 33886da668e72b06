package source

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// cursor is a resumable position: the byte offset just after the last
// record, the line that record ends on, a hash of the columns, the
// fingerprint of the file's bytes before offset, and the file's absolute
// name (for messages only: a checkpoint fits any file with the same bytes).
type cursor struct {
	offset int64
	line   int64
	cols   string
	sum    string
	path   string
}

// String formats the cursor as "offset:line:cols:sum:path".
func (c cursor) String() string {
	return strconv.FormatInt(c.offset, 10) + ":" + strconv.FormatInt(c.line, 10) + ":" + c.cols + ":" + c.sum + ":" + c.path
}

// position returns the offset and line of c.
func (c cursor) position() Position { return Position{Offset: c.offset, Line: c.line} }

// checkpoint returns the checkpoint at c after the given number of
// records; the zero cursor (nothing opened yet) gives the zero checkpoint.
func (c cursor) checkpoint(records int64) etl.Checkpoint {
	if c == (cursor{}) {
		return etl.Checkpoint{}
	}
	return etl.Checkpoint{Records: records, Cursor: c.String()}
}

// parseCursor reads a checkpoint's cursor. The zero checkpoint gives the
// zero cursor. A cursor of an older version ("offset:line:cols", without a
// fingerprint) parses with an empty sum.
func parseCursor(cp etl.Checkpoint) (cursor, error) {
	if cp.Cursor == "" {
		if cp.Records != 0 {
			return cursor{}, fmt.Errorf("%w: %d records but no cursor", ErrCursor, cp.Records)
		}
		return cursor{}, nil
	}
	parts := strings.SplitN(cp.Cursor, ":", 5)
	if (len(parts) != 3 && len(parts) != 5) || cp.Records < 0 {
		return cursor{}, fmt.Errorf("%w %q", ErrCursor, cp.Cursor)
	}
	off, err1 := strconv.ParseInt(parts[0], 10, 64)
	line, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || off < 0 || line < 0 {
		return cursor{}, fmt.Errorf("%w %q", ErrCursor, cp.Cursor)
	}
	c := cursor{offset: off, line: line, cols: parts[2]}
	if len(parts) == 5 {
		c.sum, c.path = parts[3], parts[4]
	}
	return c, nil
}

// columnsHash is a short hash of the column names, kept in cursors.
func columnsHash(c etl.Columns) string {
	h := fnv.New32a()
	for _, n := range c.Names() {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("%08x", h.Sum32())
}

// checkFits checks that a checkpoint's cursor fits the file open in in,
// whose columns (hashed) are cols and whose records start at first: same
// columns, at least as many bytes, and (unless trust) the same bytes
// before the cursor. A file that only grew fits; an edited, truncated or
// replaced one does not, nor one whose last record had no line end and has
// grown since (with lineEnds: records end at a line end, as in CSV), and
// the error wraps etl.ErrSourceChanged.
func checkFits(in *input, c cursor, cols string, first int64, trust, lineEnds bool) error {
	if err := checkColumns(c, cols, first); err != nil {
		return err
	}
	return checkBytes(in, c, trust, lineEnds)
}

// checkColumns is the part of checkFits that needs no bytes of the file.
func checkColumns(c cursor, cols string, first int64) error {
	switch {
	case c.cols != cols:
		return fmt.Errorf("%w: %w: its columns differ from those of the checkpoint (%s)", etl.ErrSourceChanged, ErrHeader, c.taken())
	case c.offset < first:
		return fmt.Errorf("%w: offset %d is before the first record (%d)", ErrCursor, c.offset, first)
	}
	return nil
}

// checkBytes is the part of checkFits that reads the file: a compressed
// input must have been read up to the cursor (File.Open does it after
// Format.Resume).
func checkBytes(in *input, c cursor, trust, lineEnds bool) error {
	switch {
	case c.offset > in.length():
		return fmt.Errorf("%w: it has %d bytes, fewer than the %d already loaded (checkpoint at %s)", etl.ErrSourceChanged, in.length(), c.offset, c.taken())
	case lineEnds && in.moreAfter(c.offset) && !in.endsLine(c.offset):
		return fmt.Errorf("%w: the last record loaded (checkpoint at %s) had no line end, and the file has grown since: that record was cut off when it was read", etl.ErrSourceChanged, c.taken())
	case trust:
		return nil
	case c.sum == "":
		return fmt.Errorf("%w: the checkpoint (%s) was written by an older loader without a content fingerprint", etl.ErrSourceChanged, c.taken())
	case in.fixed != "" && c.sum != in.fixed:
		return fmt.Errorf("%w: the object is not the one the checkpoint (%s) was taken on: its ETag changed (it was replaced or rewritten)", etl.ErrSourceChanged, c.taken())
	case in.sumAt(c.offset) != c.sum:
		return fmt.Errorf("%w: its first %d bytes differ from those already loaded (checkpoint at %s): it was edited or is another file", etl.ErrSourceChanged, c.offset, c.taken())
	}
	return nil
}

// taken says where the cursor was taken, for messages.
func (c cursor) taken() string {
	taken := fmt.Sprintf("line %d, byte %d", c.line, c.offset)
	if c.path != "" {
		taken += " of " + c.path
	}
	return taken
}
