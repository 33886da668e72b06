package csvsource

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// start opens the file and reads the header.
func (s *CSV) start() error {
	base, err := s.Reopen(s.cm == nil)
	if err != nil {
		return err
	}
	s.base, s.baseLine = base, 0
	s.r = s.newReader()
	return s.readHeader()
}

// readHeader reads the header row, sets the columns and the position after it.
func (s *CSV) readHeader() error {
	fields, err := s.r.Read()
	if err != nil {
		if err = s.fail(err); errors.Is(err, io.EOF) {
			err = fmt.Errorf("%s: %w: no header row", s.Path(), source.ErrHeader)
		}
		return err
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		if names[i] = s.text(f); !s.valid(f) {
			return fmt.Errorf("%s: %w: column %d is not valid UTF-8", s.Path(), source.ErrHeader, i+1)
		}
	}
	if err := s.SetColumns(names); err != nil {
		return fmt.Errorf("%s: %w", s.Path(), err)
	}
	s.Moved(s.advance(fields))
	return nil
}

// resume moves to a checkpoint's cursor after the header was read: it seeks
// to the cursor's offset.
func (s *CSV) resume(_ context.Context, at source.Position, records int64) error {
	if err := s.SeekTo(at, records); err != nil {
		return err
	}
	s.r = s.newReader()
	s.base, s.baseLine = at.Offset, at.Line
	return nil
}

// Next reads the next record into rec. A record whose field count differs
// from the header's, or that is not valid UTF-8, is returned with an
// *etl.RejectError; broken quoting returns a *source.MalformedError.
func (s *CSV) Next(ctx context.Context, rec *etl.Record) error {
	if err := s.Ready(ctx); err != nil {
		return err
	}
	fields, err := s.r.Read()
	if err != nil {
		return s.fail(err)
	}
	rec.N = s.Record(s.advance(fields))
	rec.Line, rec.Key = s.line, ""
	return s.fill(rec, fields)
}

// advance returns the position after the row just read and notes the
// line it starts on. The row ends on the line its last field starts on,
// plus the newlines in that field.
func (s *CSV) advance(fields []string) source.Position {
	line, _ := s.r.FieldPos(0)
	s.line = s.baseLine + int64(line)
	last := len(fields) - 1
	end, _ := s.r.FieldPos(last)
	end += strings.Count(fields[last], "\n")
	return source.Position{Offset: s.base + s.r.InputOffset(), Line: s.baseLine + int64(end)}
}
