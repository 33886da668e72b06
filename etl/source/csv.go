package source

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/warehouse-loader/loader/etl"
)

// CSVOptions configures a CSV source. The zero value reads comma-separated
// UTF-8 with empty fields as NULL.
type CSVOptions struct {
	// Delimiter separates fields; 0 means ','.
	Delimiter rune
	// Comment, if not 0, starts a line that is skipped.
	Comment rune
	// Encoding is "utf-8" (the default), "latin-1" or "windows-1252".
	// With a single-byte encoding, Delimiter and Comment must be ASCII.
	Encoding string
	// NullValues are the field texts read as NULL. nil means [""];
	// an empty non-nil slice means no field is NULL.
	NullValues []string
}

// CSV reads a delimited file whose first row names the columns. It
// implements etl.Source and etl.Sized. It is not safe for concurrent use,
// except Size and Done.
type CSV struct {
	file  file
	opts  CSVOptions
	cm    *charmap.Charmap // nil: UTF-8
	nulls []string

	in       *input
	r        *csv.Reader
	cols     etl.Columns
	hash     string
	base     int64 // file offset where r started
	baseLine int64 // lines before where r started
	n        int64
	line     int64
	pos      cursor
	done     atomic.Int64
	err      error // sticky: a malformed input or io.EOF
}

// NewCSV returns a source reading path. It checks the options and that the
// file exists; the header is read by Open.
func NewCSV(path string, opts CSVOptions) (*CSV, error) {
	if opts.Delimiter == 0 {
		opts.Delimiter = ','
	}
	cm, err := lookupEncoding(opts.Encoding)
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", path, err)
	}
	if err := checkDelims(opts, cm != nil); err != nil {
		return nil, fmt.Errorf("source %s: %w", path, err)
	}
	f, err := statFile(path)
	if err != nil {
		return nil, err
	}
	nulls := opts.NullValues
	if nulls == nil {
		nulls = []string{""}
	}
	return &CSV{file: f, opts: opts, cm: cm, nulls: nulls}, nil
}

// checkDelims rejects delimiters encoding/csv would refuse, and non-ASCII
// ones with a single-byte encoding.
func checkDelims(o CSVOptions, singleByte bool) error {
	r := csv.NewReader(strings.NewReader(""))
	r.Comma, r.Comment = o.Delimiter, o.Comment
	if _, err := r.Read(); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("delimiter %q, comment %q: %w", o.Delimiter, o.Comment, err)
	}
	if singleByte && (o.Delimiter >= utf8.RuneSelf || o.Comment >= utf8.RuneSelf) {
		return fmt.Errorf("delimiter and comment must be ASCII with encoding %q", o.Encoding)
	}
	return nil
}

// Identity returns "csv": whether a checkpoint fits the file is told by
// the content fingerprint in its cursor, whatever the file is called.
func (s *CSV) Identity() string { return "csv" }

// Err reports that the file changed under the run (rewritten in place,
// touched or cut short), found when the last checkpoint was taken: that
// checkpoint's batch must not be committed (see etl.Failer).
func (s *CSV) Err() error { return s.in.err() }

// Fingerprinted reports true: a checkpoint that fits proves the bytes
// before it unchanged.
func (s *CSV) Fingerprinted() bool { return true }

// Adopts reports whether stored is the identity an older loader gave this
// file ("csv:path:size:mtime"), unchanged since.
func (s *CSV) Adopts(stored string) bool { return s.file.adopts("csv", stored) }

// Size returns the file size in bytes (at Open: what the run reads).
func (s *CSV) Size() int64 { return s.file.size }

// Done returns the bytes consumed so far, resumed prefix included. It may
// be called concurrently with Next.
func (s *CSV) Done() int64 { return s.done.Load() }

// Checkpoint returns the position just after the last record Next
// returned (rejected ones included); the zero Checkpoint before Open.
func (s *CSV) Checkpoint() etl.Checkpoint {
	s.pos = s.in.stamp(s.pos)
	return s.pos.checkpoint(s.n)
}

// Close closes the file. Open may be called again afterwards.
func (s *CSV) Close() error {
	err := s.in.close()
	s.in, s.r = nil, nil
	return err
}

// newReader returns a csv.Reader over the input, configured for Next.
func (s *CSV) newReader() *csv.Reader {
	r := csv.NewReader(s.in.br)
	r.Comma, r.Comment = s.opts.Delimiter, s.opts.Comment
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	return r
}

// fail turns a csv.Reader error into Next's error and keeps it.
func (s *CSV) fail(err error) error {
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
	case errors.As(err, &pe):
		err = s.malformed(pe)
	default:
		err = fmt.Errorf("reading %s: %w", s.file.path, err)
	}
	s.err = err
	return err
}

// malformed turns a csv.ParseError into a *MalformedError. When the
// error is past the record's first line (an unterminated quote is found
// at the end of the file), the cause says where the record starts.
func (s *CSV) malformed(pe *csv.ParseError) error {
	cause := pe.Err
	if pe.StartLine != pe.Line {
		cause = fmt.Errorf("%w (record starts on line %d)", pe.Err, s.baseLine+int64(pe.StartLine))
	}
	return &MalformedError{File: s.file.path, Line: s.baseLine + int64(pe.Line), Err: cause}
}
