package jsonsource

import (
	"encoding/json"
	"fmt"

	"github.com/warehouse-loader/loader/etl/source"
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
	*source.File
	*Objects
	opts JSONOptions

	lines   *lineCounter
	dec     *json.Decoder
	base    int64 // file offset where dec started
	array   bool
	raw     json.RawMessage
	first   element // the object the columns came from, if not yet returned
	pending bool
}

// element is one value of the stream: its text, the line it starts on,
// and the position after it.
type element struct {
	raw  []byte
	line int64
	end  source.Position
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
	var err error
	s.File, err = source.NewFile("json", path, source.Format{Start: s.start, Resume: s.resume})
	if err != nil {
		return nil, err
	}
	if len(opts.Columns) > 0 {
		if err := s.setColumns(opts.Columns); err != nil {
			return nil, fmt.Errorf("source %s: %w", path, err)
		}
	}
	return s, nil
}

// setColumns builds the columns and the key index.
func (s *JSON) setColumns(names []string) error {
	if err := s.SetColumns(names); err != nil {
		return err
	}
	s.Objects = NewObjects(names)
	return nil
}
