package source

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// cursor is a resumable position: the byte offset just after the last
// record, the line that record ends on, and a hash of the columns.
type cursor struct {
	offset int64
	line   int64
	cols   string
}

// String formats the cursor as "offset:line:hash".
func (c cursor) String() string {
	return strconv.FormatInt(c.offset, 10) + ":" + strconv.FormatInt(c.line, 10) + ":" + c.cols
}

// checkpoint returns the checkpoint at c after the given number of
// records; the zero cursor (nothing opened yet) gives the zero checkpoint.
func (c cursor) checkpoint(records int64) etl.Checkpoint {
	if c == (cursor{}) {
		return etl.Checkpoint{}
	}
	return etl.Checkpoint{Records: records, Cursor: c.String()}
}

// parseCursor reads a checkpoint's cursor. The zero checkpoint gives the
// zero cursor.
func parseCursor(cp etl.Checkpoint) (cursor, error) {
	if cp.Cursor == "" {
		if cp.Records != 0 {
			return cursor{}, fmt.Errorf("%w: %d records but no cursor", ErrCursor, cp.Records)
		}
		return cursor{}, nil
	}
	parts := strings.Split(cp.Cursor, ":")
	if len(parts) != 3 || cp.Records < 0 {
		return cursor{}, fmt.Errorf("%w %q", ErrCursor, cp.Cursor)
	}
	off, err1 := strconv.ParseInt(parts[0], 10, 64)
	line, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || off < 0 || line < 0 {
		return cursor{}, fmt.Errorf("%w %q", ErrCursor, cp.Cursor)
	}
	return cursor{offset: off, line: line, cols: parts[2]}, nil
}

// openAt is the Open of a file source: it reads the checkpoint's cursor,
// starts reading f from the top (start reads the header or first object),
// and for a non-zero checkpoint moves to the cursor (resume). The source
// is closed when any of it fails.
func openAt(ctx context.Context, f file, from etl.Checkpoint, start func() error, resume func(cursor) error, closeFn func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	at, err := parseCursor(from)
	if err != nil {
		return fmt.Errorf("source %s: %w", f.path, err)
	}
	if err := start(); err != nil {
		_ = closeFn()
		return err
	}
	if from.Cursor == "" {
		return nil
	}
	if err := resume(at); err != nil {
		_ = closeFn()
		return fmt.Errorf("source %s: %w", f.path, err)
	}
	return nil
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

// checkResume checks that a cursor fits a file of size bytes whose columns
// (hashed) are cols and whose records start at first.
func checkResume(c cursor, cols string, first, size int64) error {
	if c.cols != cols {
		return fmt.Errorf("%w: the columns differ from the checkpoint's", ErrHeader)
	}
	if c.offset < first || c.offset > size {
		return fmt.Errorf("%w: offset %d is outside the records (%d to %d)", ErrCursor, c.offset, first, size)
	}
	return nil
}

// lineCounter passes reads through and answers the line number of any
// offset not before the last one asked, up to what has been read. It keeps
// the positions of newlines read but not yet counted.
type lineCounter struct {
	r       io.Reader
	pos     int64   // offset of the next byte to read
	nl      []int64 // offsets of newlines at or after counted
	head    int     // nl[:head] are counted
	counted int64   // the last offset asked
	line    int64   // the line of offset counted
}

// newLineCounter counts lines of r, which starts at offset off on line.
func newLineCounter(r io.Reader, off, line int64) *lineCounter {
	return &lineCounter{r: r, pos: off, counted: off, line: line}
}

// Read reads from the underlying reader and notes the newlines.
func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for b, base := p[:n], c.pos; ; {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			break
		}
		c.nl = append(c.nl, base+int64(i))
		base += int64(i) + 1
		b = b[i+1:]
	}
	c.pos += int64(n)
	return n, err
}

// lineAt returns the line of the byte at offset off.
func (c *lineCounter) lineAt(off int64) int64 {
	for c.head < len(c.nl) && c.nl[c.head] < off {
		c.head++
		c.line++
	}
	if off > c.counted {
		c.counted = off
	}
	if c.head == len(c.nl) {
		c.nl, c.head = c.nl[:0], 0
	} else if c.head > 4096 {
		c.nl = append(c.nl[:0], c.nl[c.head:]...)
		c.head = 0
	}
	return c.line
}
