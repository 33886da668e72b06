package jsonsource

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/warehouse-loader/loader/etl/source"
)

// start opens the file, detects the format and establishes the columns.
func (s *JSON) start() error {
	s.pending = false
	bom, err := s.Reopen(true)
	if err != nil {
		return err
	}
	c, err := firstByte(s.Reader())
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading %s: %w", s.Path(), err)
	}
	s.array = s.opts.Format == FormatArray || (s.opts.Format != FormatNDJSON && c == '[')
	s.restart(bom, 1)
	if s.array {
		if err := s.openArray(); err != nil {
			return err
		}
	}
	s.Moved(s.here())
	if len(s.opts.Columns) == 0 {
		return s.columnsFromFirst()
	}
	return nil
}

// restart decodes from file offset off, which is on line.
func (s *JSON) restart(off, line int64) {
	s.lines = newLineCounter(s.Reader(), off, line)
	s.dec = json.NewDecoder(s.lines)
	s.base = off
}

// openArray consumes the array's '['.
func (s *JSON) openArray() error {
	tok, err := s.dec.Token()
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return s.decodeErr(err)
	}
	if tok != json.Delim('[') {
		return s.malformed(s.base+s.dec.InputOffset()-1, errors.New("not a JSON array"))
	}
	return nil
}

// columnsFromFirst reads the first object and takes its keys as the
// columns; the object stays pending for Next.
func (s *JSON) columnsFromFirst() error {
	e, err := s.read()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: %w: no object to take the columns from", s.Path(), source.ErrHeader)
	}
	if err != nil {
		return err
	}
	keys, ok := ObjectKeys(e.raw)
	if !ok || len(keys) == 0 {
		return fmt.Errorf("%s line %d: %w: the first record is not an object with keys", s.Path(), e.line, source.ErrHeader)
	}
	if err := s.setColumns(keys); err != nil {
		return fmt.Errorf("%s line %d: %w", s.Path(), e.line, err)
	}
	e.raw = append([]byte(nil), e.raw...)
	s.first, s.pending = e, true
	return nil
}

// resume moves past the records a checkpoint accounts for: NDJSON seeks
// to the cursor's offset, an array skips that many elements.
func (s *JSON) resume(ctx context.Context, at source.Position, records int64) error {
	if s.array {
		return s.skip(ctx, at, records)
	}
	if err := s.SeekTo(at, records); err != nil {
		return err
	}
	s.restart(at.Offset, at.Line)
	s.pending = false
	return nil
}

// skip reads past the first records elements of an array and checks that
// it ends where the cursor says.
func (s *JSON) skip(ctx context.Context, at source.Position, records int64) error {
	for n := int64(0); n < records; n++ {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		e, err := s.nextElement()
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%w: the array has %d elements, the checkpoint %d", source.ErrCursor, n, records)
		}
		if err != nil {
			return err
		}
		s.Record(e.end)
	}
	if end := s.Position(); end.Offset != at.Offset {
		return fmt.Errorf("%w: element %d ends at offset %d, not %d", source.ErrCursor, records, end.Offset, at.Offset)
	}
	return nil
}

// firstByte returns the first byte that is not JSON white space, without
// consuming it; 0 if the buffer holds only white space.
func firstByte(br *bufio.Reader) (byte, error) {
	for n := 512; ; n *= 2 {
		n = min(n, br.Size())
		b, err := br.Peek(n)
		for _, c := range b {
			if !isSpace(c) {
				return c, nil
			}
		}
		if err != nil || n == br.Size() {
			return 0, err
		}
	}
}
