package jsonsource

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// Next reads the next object into rec. An element that is not an object,
// has a key that is not a column (or a key twice), or is not valid UTF-8
// is returned with an *etl.RejectError; invalid JSON returns a
// *source.MalformedError.
func (s *JSON) Next(ctx context.Context, rec *etl.Record) error {
	if err := s.Ready(ctx); err != nil {
		return err
	}
	e, err := s.nextElement()
	if err != nil {
		return s.Fail(err)
	}
	rec.N, rec.Line, rec.Key = s.Record(e.end), e.line, ""
	return s.Fill(rec, e.raw)
}

// nextElement returns the pending first object, or reads the next element.
func (s *JSON) nextElement() (element, error) {
	if s.pending {
		s.pending = false
		return s.first, nil
	}
	return s.read()
}

// read decodes the next element of the array or stream.
func (s *JSON) read() (element, error) {
	if s.array && !s.dec.More() {
		return element{}, s.closeArray()
	}
	if err := s.dec.Decode(&s.raw); err != nil {
		if s.array && errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF // the input ends inside the array (after a ',')
		}
		return element{}, s.decodeErr(err)
	}
	end := s.base + s.dec.InputOffset()
	line := s.lines.lineAt(end - int64(len(s.raw)))
	return element{raw: s.raw, line: line, end: s.here()}, nil
}

// here returns the position the decoder has reached.
func (s *JSON) here() source.Position {
	off := s.base + s.dec.InputOffset()
	return source.Position{Offset: off, Line: s.lines.lineAt(off)}
}

// closeArray consumes the array's ']', checks nothing follows, and
// returns io.EOF.
func (s *JSON) closeArray() error {
	tok, err := s.dec.Token()
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return s.decodeErr(err)
	}
	if tok != json.Delim(']') {
		return s.malformed(s.base+s.dec.InputOffset()-1, fmt.Errorf("unexpected %v in array", tok))
	}
	if _, err = s.dec.Token(); err == nil {
		return s.malformed(s.base+s.dec.InputOffset()-1, errors.New("data after the array"))
	}
	return s.decodeErr(err)
}

// decodeErr turns a decoder error into io.EOF, a *source.MalformedError with the
// line, or a read error.
func (s *JSON) decodeErr(err error) error {
	var syntax *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return io.EOF
	case errors.As(err, &syntax):
		return s.malformed(s.syntaxOffset(syntax), err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return s.malformed(s.lines.pos-1, errors.New("unexpected end of JSON input"))
	}
	return fmt.Errorf("reading %s: %w", s.Path(), err)
}

// malformed returns a *source.MalformedError for the byte at offset off.
func (s *JSON) malformed(off int64, cause error) error {
	off = max(off, 0)
	return &source.MalformedError{File: s.Path(), Line: s.lines.lineAt(off), Offset: off, Err: cause}
}

// syntaxOffset returns the file offset of a syntax error. The decoder's
// offsets leave out the bytes its Token machinery consumed ('[', ','), so
// the value that failed is scanned again from the decoder's buffer.
func (s *JSON) syntaxOffset(err *json.SyntaxError) int64 {
	start := s.base + s.dec.InputOffset()
	rest, _ := io.ReadAll(s.dec.Buffered())
	lead := int64(len(rest) - len(bytes.TrimLeft(rest, " \t\r\n")))
	var again *json.SyntaxError
	if strings.HasPrefix(err.Error(), "expected comma") ||
		!errors.As(json.Unmarshal(rest, new(json.RawMessage)), &again) {
		return start + lead
	}
	return start + again.Offset - 1
}
