package parquetsource

import (
	"fmt"
	"sync/atomic"

	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// batchRows is how many rows a source reads from parquet-go at once: its
// memory is this many rows, whatever the size of the file or row group.
const batchRows = 1000

// Options configures a Parquet source.
type Options struct {
	// Columns names the top-level columns to read, in order. If empty,
	// every top-level column is read, in schema order.
	Columns []string
}

// Parquet reads the rows of a Parquet file, one row group at a time. It
// implements etl.Source, etl.Sized (in rows), etl.Fingerprinted and
// etl.Failer. It is not safe for concurrent use, except Size and Done.
type Parquet struct {
	path string // as given, for messages
	abs  string
	opts Options

	f      source.Blob     // nil: closed
	info   source.BlobInfo // at Open
	groups []parquet.RowGroup
	cols   etl.Columns
	fields []field
	leaves int // leaf columns in the file's schema
	total  int64
	pos    cursor // after the last record returned
	n      int64  // records returned, resumed ones included
	done   atomic.Int64
	err    error // sticky: malformed input or io.EOF
	failed error // the file changed under the run
	rows   rowReader
}

// New returns a source reading the Parquet file at path, a local path or
// the URL of an object (s3://bucket/key). It checks that a local path is
// a file; the schema and columns are read by Open.
func New(path string, opts Options) (*Parquet, error) {
	abs, err := source.Locate(path)
	if err != nil {
		return nil, err
	}
	return &Parquet{path: path, abs: abs, opts: opts}, nil
}

// Identity returns "parquet": whether a checkpoint fits the file is told
// by the fingerprint in its cursor, whatever the file is called.
func (s *Parquet) Identity() string { return "parquet" }

// Fingerprinted reports true: a checkpoint that fits was taken on a file
// of the same size and footer (schema, row groups, offsets, statistics).
func (s *Parquet) Fingerprinted() bool { return true }

// Size returns the file's row count (known once Open has read the footer).
func (s *Parquet) Size() int64 { return s.total }

// Done returns the rows consumed so far, resumed ones included. It may be
// called concurrently with Next.
func (s *Parquet) Done() int64 { return s.done.Load() }

// Checkpoint returns the row group and row just after the last record
// Next returned; the zero Checkpoint before Open. It also checks that the
// file was not modified since Open (see Err).
func (s *Parquet) Checkpoint() etl.Checkpoint {
	if s.pos == (cursor{}) {
		return etl.Checkpoint{}
	}
	s.checkUnchanged()
	return etl.Checkpoint{Records: s.n, Cursor: s.pos.String()}
}

// Err reports that the file was modified (rewritten, touched or cut)
// since Open, found when the last checkpoint was taken: that checkpoint's
// batch must not be committed (see etl.Failer). It wraps
// source.ErrChanged.
func (s *Parquet) Err() error { return s.failed }

// checkUnchanged keeps an error for Err when the open file's size or
// modification time differ from those at Open.
func (s *Parquet) checkUnchanged() {
	if s.f == nil || s.failed != nil {
		return
	}
	fi, err := s.f.Stat()
	if err == nil && (fi.Size != s.info.Size || !fi.ModTime.Equal(s.info.ModTime) || fi.ETag != s.info.ETag) {
		err = fmt.Errorf("%s: %w: it was modified while being read (%d bytes at the start, %d now)", s.path, source.ErrChanged, s.info.Size, fi.Size)
	}
	s.failed = err
}

// Close closes the file. Open may be called again afterwards.
func (s *Parquet) Close() error {
	s.rows.close()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f, s.groups = nil, nil
	return err
}
