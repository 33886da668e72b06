package source

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/warehouse-loader/loader/etl"
)

// File is what every file source shares: the file, the open input, the
// columns, the position after the last record and the records read. A
// kind (etl/source/csv, etl/source/json) embeds a *File made by NewFile
// and adds Next; File's methods are the kind's Identity, Adopts, Size,
// Done, Open, Checkpoint, Err, Fingerprinted and Close, and the methods in
// file_kind.go let the kind read records.
type File struct {
	kind string // as pipeline files name it: "csv", "json"
	fmt  Format
	file fileInfo
	in   *input // nil: closed
	cols etl.Columns
	hash string // columnsHash(cols), kept in cursors
	n    int64  // records returned, resumed ones included
	pos  cursor // after the last record returned
	done atomic.Int64
	err  error // sticky: malformed input or io.EOF
}

// Format is how a kind reads its file, for File.Open.
type Format struct {
	// Start reads the file from the top: it calls File.Reopen, reads the
	// header or the first object, calls File.SetColumns (unless the
	// columns were given) and File.Moved with the position after them.
	Start func() error
	// Resume moves to the position of a checkpoint that fits the file
	// (File.SeekTo, or reading past records records), after Start.
	Resume func(ctx context.Context, at Position, records int64) error
	// LineEnds tells that records end at a line end (CSV): a checkpoint
	// after a last record that had none does not fit a file that grew.
	LineEnds bool
}

// NewFile returns the shared part of a source of the given kind reading
// path. It fails, wrapping ErrNotFile for a directory, when path is not a
// file it can stat.
func NewFile(kind, path string, f Format) (*File, error) {
	info, err := statFile(path)
	if err != nil {
		return nil, err
	}
	return &File{kind: kind, fmt: f, file: info}, nil
}

// Identity returns the kind ("csv", "json"): whether a checkpoint fits the
// file is told by the content fingerprint in its cursor, whatever the file
// is called.
func (s *File) Identity() string { return s.kind }

// Err reports that the file changed under the run (rewritten in place,
// touched or cut short), found when the last checkpoint was taken: that
// checkpoint's batch must not be committed (see etl.Failer).
func (s *File) Err() error { return s.in.err() }

// Fingerprinted reports true: a checkpoint that fits proves the bytes
// before it unchanged.
func (s *File) Fingerprinted() bool { return true }

// Adopts reports whether stored is the identity an older loader gave this
// file ("kind:path:size:mtime"), unchanged since.
func (s *File) Adopts(stored string) bool { return s.file.adopts(s.kind, stored) }

// Size returns the file size in bytes (at Open: what the run reads); the
// compressed size for a compressed file.
func (s *File) Size() int64 { return s.file.size }

// Done returns the bytes consumed so far, resumed prefix included (of a
// compressed file: the compressed bytes read). It may be called
// concurrently with Next.
func (s *File) Done() int64 { return s.done.Load() }

// Checkpoint returns the position just after the last record Next
// returned (rejected ones included); the zero Checkpoint before Open.
func (s *File) Checkpoint() etl.Checkpoint {
	s.pos = s.in.stamp(s.pos)
	return s.pos.checkpoint(s.n)
}

// Close closes the file. Open may be called again afterwards.
func (s *File) Close() error {
	err := s.closeInput()
	if s.file.next != nil {
		_ = s.file.next.Close()
		s.file.next = nil
	}
	return err
}

// closeInput closes the input being read.
func (s *File) closeInput() error {
	err := s.in.close()
	s.in = nil
	return err
}

// openBlob opens the file's blob for Format.Start to read (Reopen), its
// reads bound to ctx.
func (s *File) openBlob(ctx context.Context) error {
	_ = s.Close()
	b, err := OpenBlob(ctx, s.file.abs)
	if err != nil {
		return err
	}
	s.file.next = b
	return nil
}

// Open starts reading the file from the top (the header of a CSV file,
// the first object of a JSON one, unless its columns are given) and, for
// a non-zero checkpoint, checks that it fits the file (same columns, the
// same bytes before it) and moves past the records it accounts for. It
// returns the columns. The file is closed when any of it fails.
func (s *File) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	if err := ctx.Err(); err != nil {
		return etl.Columns{}, err
	}
	at, err := parseCursor(from)
	if err != nil {
		return etl.Columns{}, fmt.Errorf("source %s: %w", s.file.path, err)
	}
	if err := s.openBlob(ctx); err != nil {
		return etl.Columns{}, err
	}
	if err := s.fmt.Start(); err != nil {
		_ = s.Close()
		return etl.Columns{}, err
	}
	if from.Cursor == "" {
		return s.cols, nil
	}
	if err := s.resume(ctx, at, from); err != nil {
		_ = s.Close()
		return etl.Columns{}, fmt.Errorf("source %s: %w", s.file.path, err)
	}
	return s.cols, nil
}

// resume checks that the checkpoint at fits the file and moves past it. A
// compressed file is read up to the checkpoint first (Format.Resume) and
// checked then; a failure to get there means it is not the file the
// checkpoint was taken on.
func (s *File) resume(ctx context.Context, at cursor, from etl.Checkpoint) error {
	if s.in.z == nil {
		if err := checkFits(s.in, at, s.hash, s.pos.offset, from.Trust, s.fmt.LineEnds); err != nil {
			return err
		}
		return s.fmt.Resume(ctx, at.position(), from.Records)
	}
	if err := checkColumns(at, s.hash, s.pos.offset); err != nil {
		return err
	}
	err := s.fmt.Resume(ctx, at.position(), from.Records)
	switch {
	case err == nil:
		return checkBytes(s.in, at, from.Trust, s.fmt.LineEnds)
	case ctx.Err() != nil, errors.Is(err, ErrCompressed), errors.Is(err, ErrChanged), errors.Is(err, etl.ErrSourceChanged):
		return err
	}
	return fmt.Errorf("%w: reading it up to the checkpoint (%s): %w", etl.ErrSourceChanged, at.taken(), err)
}
