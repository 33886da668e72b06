package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync/atomic"

	"github.com/warehouse-loader/loader/etl"
)

// JSON formats for JSONOptions.Format.
const (
	FormatAuto   = "auto"   // '[' first means an array, anything else NDJSON
	FormatArray  = "array"  // one JSON array of objects
	FormatNDJSON = "ndjson" // one object per line, blank lines skipped
)

// JSONOptions configures a JSON source.
type JSONOptions struct {
	// Format is FormatAuto (also ""), FormatArray or FormatNDJSON.
	Format string
	// Columns names the keys to read, in order. If empty, the keys of the
	// first object, in the order they appear, are the columns.
	Columns []string
}

// JSON reads objects from a JSON array or an NDJSON file, streaming. It
// implements etl.Source and etl.Sized. It is not safe for concurrent use,
// except Size and Done.
type JSON struct {
	file  file
	opts  JSONOptions
	cols  etl.Columns
	index map[string]int
	hash  string

	in      *input
	lines   *lineCounter
	dec     *json.Decoder
	base    int64 // file offset where dec started
	array   bool
	raw     json.RawMessage
	first   element // the object the columns came from, if not yet returned
	pending bool

	n    int64
	pos  cursor
	done atomic.Int64
	err  error   // sticky: malformed input or io.EOF
	seen []int64 // generation a column was last set in
	gen  int64
	buf  bytes.Buffer
}

// element is one value of the stream: its text, the line it starts on,
// and the position after it.
type element struct {
	raw  []byte
	line int64
	end  cursor
}

// NewJSON returns a source reading path. It checks the options and that
// the file exists; the columns are established by Open.
func NewJSON(path string, opts JSONOptions) (*JSON, error) {
	switch opts.Format {
	case "", FormatAuto, FormatArray, FormatNDJSON:
	default:
		return nil, fmt.Errorf("source %s: unknown JSON format %q (want auto, array or ndjson)", path, opts.Format)
	}
	s := &JSON{opts: opts}
	if len(opts.Columns) > 0 {
		if err := s.setColumns(opts.Columns); err != nil {
			return nil, fmt.Errorf("source %s: %w", path, err)
		}
	}
	f, err := statFile(path)
	if err != nil {
		return nil, err
	}
	s.file = f
	return s, nil
}

// setColumns builds the columns and the key index.
func (s *JSON) setColumns(names []string) error {
	cols, err := etl.NewColumns(names...)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrHeader, err)
	}
	s.cols, s.hash = cols, columnsHash(cols)
	s.index = make(map[string]int, len(names))
	for i, n := range names {
		s.index[n] = i
	}
	s.seen = make([]int64, len(names))
	return nil
}

// Identity returns "json": whether a checkpoint fits the file is told by
// the content fingerprint in its cursor, whatever the file is called.
func (s *JSON) Identity() string { return "json" }

// Err reports that the file changed under the run (rewritten in place,
// touched or cut short), found when the last checkpoint was taken: that
// checkpoint's batch must not be committed (see etl.Failer).
func (s *JSON) Err() error { return s.in.err() }

// Fingerprinted reports true: a checkpoint that fits proves the bytes
// before it unchanged.
func (s *JSON) Fingerprinted() bool { return true }

// Adopts reports whether stored is the identity an older loader gave this
// file ("json:path:size:mtime"), unchanged since.
func (s *JSON) Adopts(stored string) bool { return s.file.adopts("json", stored) }

// Size returns the file size in bytes (at Open: what the run reads).
func (s *JSON) Size() int64 { return s.file.size }

// Done returns the bytes consumed so far, resumed prefix included. It may
// be called concurrently with Next.
func (s *JSON) Done() int64 { return s.done.Load() }

// Checkpoint returns the position just after the last record Next
// returned (rejected ones included); the zero Checkpoint before Open.
func (s *JSON) Checkpoint() etl.Checkpoint {
	s.pos = s.in.stamp(s.pos)
	return s.pos.checkpoint(s.n)
}

// Close closes the file. Open may be called again afterwards.
func (s *JSON) Close() error {
	err := s.in.close()
	s.in, s.dec = nil, nil
	return err
}
