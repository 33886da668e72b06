package source

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/warehouse-loader/loader/etl"
)

// fileSource is what every file source shares: the file, the open input,
// the columns, the position after the last record and the records read.
// A kind embeds it and adds how it reads records; its methods are the
// kind's Identity, Adopts, Size, Done, Checkpoint, Err, Fingerprinted and
// Close.
type fileSource struct {
	kind string // as pipeline files name it: "csv", "json"
	fmt  format
	file file
	in   *input // nil: closed
	cols etl.Columns
	hash string // columnsHash(cols), kept in cursors
	n    int64  // records returned, resumed ones included
	pos  cursor // after the last record returned
	done atomic.Int64
	err  error // sticky: malformed input or io.EOF
}

// format is how a kind reads its file, for fileSource.Open.
type format interface {
	// start reads the file from the top (after reopen): the header or
	// the first object, setting the columns and the position after them.
	start() error
	// resume moves to a checkpoint's cursor that fits the file and
	// accounts for records records.
	resume(ctx context.Context, at cursor, records int64) error
	// lineEnds reports whether records end at a line end (see checkFits).
	lineEnds() bool
}

// Identity returns the kind ("csv", "json"): whether a checkpoint fits the
// file is told by the content fingerprint in its cursor, whatever the file
// is called.
func (s *fileSource) Identity() string { return s.kind }

// Err reports that the file changed under the run (rewritten in place,
// touched or cut short), found when the last checkpoint was taken: that
// checkpoint's batch must not be committed (see etl.Failer).
func (s *fileSource) Err() error { return s.in.err() }

// Fingerprinted reports true: a checkpoint that fits proves the bytes
// before it unchanged.
func (s *fileSource) Fingerprinted() bool { return true }

// Adopts reports whether stored is the identity an older loader gave this
// file ("kind:path:size:mtime"), unchanged since.
func (s *fileSource) Adopts(stored string) bool { return s.file.adopts(s.kind, stored) }

// Size returns the file size in bytes (at Open: what the run reads).
func (s *fileSource) Size() int64 { return s.file.size }

// Done returns the bytes consumed so far, resumed prefix included. It may
// be called concurrently with Next.
func (s *fileSource) Done() int64 { return s.done.Load() }

// Checkpoint returns the position just after the last record Next
// returned (rejected ones included); the zero Checkpoint before Open.
func (s *fileSource) Checkpoint() etl.Checkpoint {
	s.pos = s.in.stamp(s.pos)
	return s.pos.checkpoint(s.n)
}

// Close closes the file. Open may be called again afterwards.
func (s *fileSource) Close() error {
	err := s.in.close()
	s.in = nil
	return err
}

// Open starts reading the file from the top (the header of a CSV file,
// the first object of a JSON one, unless its columns are given) and, for
// a non-zero checkpoint, checks that it fits the file (same columns, the
// same bytes before it) and moves past the records it accounts for. It
// returns the columns. The file is closed when any of it fails.
func (s *fileSource) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	if err := ctx.Err(); err != nil {
		return etl.Columns{}, err
	}
	at, err := parseCursor(from)
	if err != nil {
		return etl.Columns{}, fmt.Errorf("source %s: %w", s.file.path, err)
	}
	if err := s.fmt.start(); err != nil {
		_ = s.Close()
		return etl.Columns{}, err
	}
	if from.Cursor == "" {
		return s.cols, nil
	}
	if err := checkFits(s.in, at, s.hash, s.pos.offset, from.Trust, s.fmt.lineEnds()); err != nil {
		_ = s.Close()
		return etl.Columns{}, fmt.Errorf("source %s: %w", s.file.path, err)
	}
	if err := s.fmt.resume(ctx, at, from.Records); err != nil {
		_ = s.Close()
		return etl.Columns{}, fmt.Errorf("source %s: %w", s.file.path, err)
	}
	return s.cols, nil
}

// reopen opens the file from the top, closing it first if it is open:
// nothing read, no error kept. With utf8 it refuses UTF-16 text. It
// consumes a UTF-8 byte order mark and returns its length.
func (s *fileSource) reopen(utf8 bool) (int64, error) {
	_ = s.Close()
	in, err := s.file.open()
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

// seekTo moves the input to a checkpoint's cursor, which accounts for
// records records; the kind then restarts its reader there.
func (s *fileSource) seekTo(at cursor, records int64) error {
	if err := s.in.seek(at.offset); err != nil {
		return err
	}
	s.n, s.pos = records, at
	s.done.Store(at.offset)
	return nil
}

// moved notes the position after the record just read.
func (s *fileSource) moved(c cursor) {
	s.pos = c
	s.done.Store(c.offset)
}

// ready returns the error that keeps Next from reading: the sticky one,
// Next before Open, or the context's (checked every 256 records). Small
// enough to be inlined into Next.
func (s *fileSource) ready(ctx context.Context) error {
	if s.err == nil && s.in != nil && s.n&255 != 0 {
		return nil
	}
	return s.stopped(ctx)
}

// stopped is ready's slow path.
func (s *fileSource) stopped(ctx context.Context) error {
	if s.err != nil {
		return s.err
	}
	if s.in == nil {
		return fmt.Errorf("source %s: Next before Open", s.file.path)
	}
	return ctx.Err()
}
