package sqlsource

import (
	"context"
	"fmt"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// Open reads the first page after the checkpoint's key and starts reading
// the following ones ahead.
func (s *SQL) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	s.n, s.i, s.last = from.Records, 0, nil
	if from.Cursor != "" {
		s.last = from.Cursor
	}
	names, first, err := s.db.ReadPage(ctx, s.q, s.last)
	if err != nil {
		return etl.Columns{}, err
	}
	if s.cols, err = etl.NewColumns(names...); err != nil {
		return etl.Columns{}, fmt.Errorf("sql source: %w", err)
	}
	if s.key, err = s.cols.Lookup(s.q.Key); err != nil {
		return etl.Columns{}, fmt.Errorf("sql source: key: %w", err)
	}
	s.page = first
	s.ahead = source.StartReadAhead(ctx, first, s.q.Limit, s.after)
	return s.cols, nil
}

// after reads the page after the rows prev.
func (s *SQL) after(ctx context.Context, prev [][]any) ([][]any, error) {
	_, rows, err := s.db.ReadPage(ctx, s.q, prev[len(prev)-1][s.key])
	return rows, err
}

// Next returns the next row.
func (s *SQL) Next(ctx context.Context, rec *etl.Record) error {
	for s.i >= len(s.page) {
		rows, err := s.ahead.Next(ctx)
		if err != nil {
			return err
		}
		s.page, s.i = rows, 0
	}
	row := s.page[s.i]
	s.i++
	s.n++
	s.last = row[s.key]
	rec.N, rec.Line, rec.Key = s.n, 0, keyText(s.last)
	rec.Raw = append(rec.Raw[:0], row...)
	return nil
}

// Checkpoint is the count of rows read and the last key, as text.
func (s *SQL) Checkpoint() etl.Checkpoint {
	cp := etl.Checkpoint{Records: s.n}
	if s.last != nil {
		cp.Cursor = keyText(s.last)
	}
	return cp
}

// Close stops reading ahead and waits for the reader to end.
func (s *SQL) Close() error {
	s.ahead.Stop()
	s.ahead = nil
	return nil
}

func keyText(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}
