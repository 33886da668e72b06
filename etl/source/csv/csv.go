package csvsource

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/warehouse-loader/loader/etl/source"
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
	*source.File
	opts  CSVOptions
	cm    *charmap.Charmap // nil: UTF-8
	nulls []string

	r        *csv.Reader
	base     int64 // file offset where r started
	baseLine int64 // lines before where r started
	line     int64
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
	nulls := opts.NullValues
	if nulls == nil {
		nulls = []string{""}
	}
	s := &CSV{opts: opts, cm: cm, nulls: nulls}
	s.File, err = source.NewFile("csv", path, source.Format{Start: s.start, Resume: s.resume, LineEnds: true})
	if err != nil {
		return nil, err
	}
	return s, nil
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

// newReader returns a csv.Reader over the input, configured for Next.
func (s *CSV) newReader() *csv.Reader {
	r := csv.NewReader(s.Reader())
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
		err = fmt.Errorf("reading %s: %w", s.Path(), err)
	}
	return s.Fail(err)
}

// malformed turns a csv.ParseError into a *source.MalformedError. When the
// error is past the record's first line (an unterminated quote is found
// at the end of the file), the cause says where the record starts.
func (s *CSV) malformed(pe *csv.ParseError) error {
	cause := pe.Err
	if pe.StartLine != pe.Line {
		cause = fmt.Errorf("%w (record starts on line %d)", pe.Err, s.baseLine+int64(pe.StartLine))
	}
	return &source.MalformedError{File: s.Path(), Line: s.baseLine + int64(pe.Line), Err: cause}
}
