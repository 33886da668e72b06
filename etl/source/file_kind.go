package source

import (
	"bufio"
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/etl"
)

// Position is where a record ends in a file: the byte offset just after
// it and the line it ends on (1-based).
type Position struct {
	Offset, Line int64
}

// Path returns the file's path as given to NewFile, for messages.
func (s *File) Path() string { return s.file.path }

// Reader returns the buffered reader of the open file (after Reopen).
func (s *File) Reader() *bufio.Reader { return s.in.br }

// Columns returns the columns set by SetColumns.
func (s *File) Columns() etl.Columns { return s.cols }

// SetColumns sets the columns the source returns; cursors carry a hash of
// their names, which Open checks before resuming. It wraps ErrHeader when
// the names are empty or repeat.
func (s *File) SetColumns(names []string) error {
	cols, err := etl.NewColumns(names...)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrHeader, err)
	}
	s.cols, s.hash = cols, columnsHash(cols)
	if s.pos != (cursor{}) {
		s.pos.cols = s.hash
	}
	return nil
}

// Reopen opens the file from the top, closing it first if it is open:
// nothing read, no error kept. With utf8 it refuses UTF-16 text (wrapping
// ErrEncoding). It consumes a UTF-8 byte order mark and returns its length.
func (s *File) Reopen(utf8 bool) (int64, error) {
	_ = s.closeInput()
	in, err := s.file.open(&s.done)
	if err != nil {
		return 0, err
	}
	s.in, s.n, s.err = in, 0, nil
	if utf8 {
		if err := in.refuseUTF16(); err != nil {
			return 0, err
		}
	}
	bom, err := in.skipBOM()
	if err != nil {
		return 0, fmt.Errorf("reading %s: %w", s.file.path, err)
	}
	return bom, nil
}

// SeekTo moves the input to a checkpoint's position, which accounts for
// records records; the kind then restarts its reader there (Format.Resume).
func (s *File) SeekTo(at Position, records int64) error {
	if err := s.in.seek(at.Offset); err != nil {
		return err
	}
	s.n, s.pos = records, s.cursor(at)
	if s.in.z == nil {
		s.done.Store(at.Offset)
	}
	return nil
}

// Moved notes the position after what was just read that is not a record
// (a header row, an array's '[').
func (s *File) Moved(p Position) {
	s.pos = s.cursor(p)
	if s.in.z == nil {
		s.done.Store(p.Offset)
	} else {
		s.in.mark(p.Offset)
	}
}

// Record notes a record that ends at p and returns its number (rec.N),
// resumed records included.
func (s *File) Record(p Position) int64 {
	s.n++
	s.Moved(p)
	return s.n
}

// Position returns the position after the last record or Moved.
func (s *File) Position() Position { return s.pos.position() }

// Fail keeps err, which ends reading (malformed input, io.EOF): Next
// returns it from then on. It returns err.
func (s *File) Fail(err error) error {
	s.err = err
	return err
}

// Ready returns the error that keeps Next from reading: the one kept by
// Fail, Next before Open, or the context's (checked every 256 records).
// Small enough to be inlined into Next.
func (s *File) Ready(ctx context.Context) error {
	if s.err == nil && s.in != nil && s.n&255 != 0 {
		return nil
	}
	return s.stopped(ctx)
}

// stopped is Ready's slow path.
func (s *File) stopped(ctx context.Context) error {
	if s.err != nil {
		return s.err
	}
	if s.in == nil {
		return fmt.Errorf("source %s: Next before Open", s.file.path)
	}
	return ctx.Err()
}

// cursor returns the cursor at p, with the columns' hash.
func (s *File) cursor(p Position) cursor {
	return cursor{offset: p.Offset, line: p.Line, cols: s.hash}
}
