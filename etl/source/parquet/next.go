package parquetsource

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/etl"
)

// Next fills rec with the next row: rec.N counts from 1 (resumed rows
// included) and rec.Line is 0. It returns io.EOF after the last row, a
// *etl.RejectError for a row with a value that does not fit (rec.Raw then
// holds the others, the bad one NULL), and an error matching
// source.ErrMalformed for a page that cannot be read. The context is
// checked every 256 rows.
func (s *Parquet) Next(ctx context.Context, rec *etl.Record) error {
	if s.err != nil {
		return s.err
	}
	if s.f == nil {
		return fmt.Errorf("source %s: Next before Open", s.path)
	}
	if s.n&255 == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	row, err := s.nextRow()
	if err != nil {
		s.err = err
		return err
	}
	s.n++
	rec.N, rec.Line = s.n, 0
	err = s.decode(row, rec) // before the row group's pages are released
	s.pos.row++
	if s.pos.row == s.groups[s.pos.group].NumRows() {
		s.pos.group, s.pos.row = s.pos.group+1, 0
		s.rows.close()
	}
	s.done.Store(s.n)
	return err
}

// nextRow returns the row at the source's position, opening its row
// group (and seeking in it) when none is open: io.EOF after the last.
func (s *Parquet) nextRow() (parquet.Row, error) {
	for s.rows.rows == nil {
		if s.pos.group >= int64(len(s.groups)) {
			return nil, io.EOF
		}
		if s.pos.row >= s.groups[s.pos.group].NumRows() {
			s.pos.group, s.pos.row = s.pos.group+1, 0
			continue
		}
		if err := s.rows.open(s.groups[s.pos.group], s.pos.row); err != nil {
			return nil, s.damaged(err)
		}
	}
	row, err := s.rows.next()
	if err != nil {
		return nil, s.damaged(err)
	}
	return row, nil
}

// damaged is the error for a row group that cannot be read.
func (s *Parquet) damaged(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &formatError{msg: fmt.Sprintf("%s: row %d of row group %d cannot be read (%v): the file is damaged; copy or export it again", s.path, s.pos.row, s.pos.group, oneLine(err)), err: err}
}

// decode sets rec.Raw to the values of the columns read from row.
func (s *Parquet) decode(row parquet.Row, rec *etl.Record) error {
	if err := s.rows.index(row, s.leaves); err != nil {
		return s.damaged(err)
	}
	rec.Raw = rec.Raw[:0]
	var reject error
	for i := range s.fields {
		v, err := s.value(&s.fields[i], row)
		if err != nil && reject == nil {
			reject = etl.Rejectf("%s", oneLine(err))
		}
		rec.Raw = append(rec.Raw, v)
	}
	return reject
}

// value returns the value of the field f in row (indexed).
func (s *Parquet) value(f *field, row parquet.Row) (any, error) {
	st := s.rows.starts
	vals := row[st[f.first]:st[f.first+f.leaves]]
	if f.leaf != nil {
		if vals[0].IsNull() {
			return nil, nil
		}
		return f.leaf(vals[0])
	}
	return f.nested.json(vals, st[f.first:f.first+f.leaves+1])
}
