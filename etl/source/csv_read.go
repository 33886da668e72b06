package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// start opens the file and reads the header.
func (s *CSV) start() error {
	base, err := s.reopen(s.cm == nil)
	if err != nil {
		return err
	}
	s.base, s.baseLine = base, 0
	s.r = s.newReader()
	return s.readHeader()
}

// readHeader reads the header row into s.cols and sets the position after it.
func (s *CSV) readHeader() error {
	fields, err := s.r.Read()
	if err != nil {
		if err = s.fail(err); errors.Is(err, io.EOF) {
			err = fmt.Errorf("%s: %w: no header row", s.file.path, ErrHeader)
		}
		return err
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		if names[i] = s.text(f); !s.valid(f) {
			return fmt.Errorf("%s: %w: column %d is not valid UTF-8", s.file.path, ErrHeader, i+1)
		}
	}
	if s.cols, err = etl.NewColumns(names...); err != nil {
		return fmt.Errorf("%s: %w: %w", s.file.path, ErrHeader, err)
	}
	s.hash = columnsHash(s.cols)
	s.advance(fields)
	return nil
}

// resume moves to a checkpoint's cursor after the header was read: it seeks
// to the cursor's offset.
func (s *CSV) resume(_ context.Context, at cursor, records int64) error {
	if err := s.seekTo(at, records); err != nil {
		return err
	}
	s.r = s.newReader()
	s.base, s.baseLine = at.offset, at.line
	return nil
}

// Next reads the next record into rec. A record whose field count differs
// from the header's, or that is not valid UTF-8, is returned with an
// *etl.RejectError; broken quoting returns a *MalformedError.
func (s *CSV) Next(ctx context.Context, rec *etl.Record) error {
	if err := s.ready(ctx); err != nil {
		return err
	}
	fields, err := s.r.Read()
	if err != nil {
		return s.fail(err)
	}
	s.advance(fields)
	s.n++
	rec.N, rec.Line, rec.Key = s.n, s.line, ""
	return s.fill(rec, fields)
}

// advance notes the position after the row just read. The row ends on
// the line its last field starts on, plus the newlines in that field.
func (s *CSV) advance(fields []string) {
	line, _ := s.r.FieldPos(0)
	s.line = s.baseLine + int64(line)
	last := len(fields) - 1
	end, _ := s.r.FieldPos(last)
	end += strings.Count(fields[last], "\n")
	s.moved(cursor{offset: s.base + s.r.InputOffset(), line: s.baseLine + int64(end), cols: s.hash})
}
