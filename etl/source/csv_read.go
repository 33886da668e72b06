package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// Open reads the header and, for a non-zero checkpoint, checks the
// columns are the checkpoint's and moves to its offset. It returns the
// header's columns.
func (s *CSV) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	fits := func(at cursor) error { return checkFits(s.in, at, s.hash, s.pos.offset, from.Trust, true) }
	resume := func(at cursor) error { return s.resume(at, from.Records) }
	if err := openAt(ctx, &s.file, from, s.start, fits, resume, s.Close); err != nil {
		return etl.Columns{}, err
	}
	return s.cols, nil
}

// start opens the file and reads the header.
func (s *CSV) start() error {
	s.Close()
	in, err := s.file.open()
	if err != nil {
		return err
	}
	s.in, s.n, s.err = in, 0, nil
	if s.cm == nil {
		if err := in.refuseUTF16(); err != nil {
			return err
		}
	}
	if s.base, err = in.skipBOM(); err != nil {
		return fmt.Errorf("reading %s: %w", s.file.path, err)
	}
	s.baseLine = 0
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

// resume moves to a checkpoint's cursor after the header was read.
func (s *CSV) resume(at cursor, records int64) error {
	if err := s.in.seek(at.offset); err != nil {
		return err
	}
	s.r = s.newReader()
	s.base, s.baseLine, s.n = at.offset, at.line, records
	s.pos = at
	s.done.Store(at.offset)
	return nil
}

// Next reads the next record into rec. A record whose field count differs
// from the header's, or that is not valid UTF-8, is returned with an
// *etl.RejectError; broken quoting returns a *MalformedError.
func (s *CSV) Next(ctx context.Context, rec *etl.Record) error {
	if s.err != nil {
		return s.err
	}
	if s.r == nil {
		return fmt.Errorf("source %s: Next before Open", s.file.path)
	}
	if s.n&255 == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
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
	s.pos = cursor{offset: s.base + s.r.InputOffset(), line: s.baseLine + int64(end), cols: s.hash}
	s.done.Store(s.pos.offset)
}
