package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/repository"
)

// SQL reads a table or a query of a database in the order of a unique key,
// one page at a time, and resumes after the last key it committed. Rerun on
// an unchanged table it reads nothing; rows added with a greater key are
// read by the next run (incremental extraction). The key column must be
// unique and never NULL (a serial id is ideal): rows are compared with
// key > last, so ties cannot happen and a NULL key is never read.
type SQL struct {
	store *repository.Store
	q     repository.ReadQuery
	cols  etl.Columns
	key   int
	page  [][]any
	i     int
	done  bool
	n     int64
	last  any
}

// NewSQL returns a source reading q from store (the warehouse itself, or
// another database opened with repository.Open).
func NewSQL(store *repository.Store, q repository.ReadQuery) (*SQL, error) {
	if q.Key == "" {
		return nil, fmt.Errorf("sql source: a key column is required (a unique, not-null column to read in order)")
	}
	if q.Limit <= 0 {
		q.Limit = 10000
	}
	return &SQL{store: store, q: q}, nil
}

// Identity names the table or query and its key.
func (s *SQL) Identity() string {
	what := "table " + s.q.Table
	if s.q.SQL != "" {
		sum := sha256.Sum256([]byte(s.q.SQL))
		what = "query " + hex.EncodeToString(sum[:8])
	}
	return fmt.Sprintf("sql:%s:%s by %s", s.store.URL(), what, s.q.Key)
}

// Open reads the first page after the checkpoint's key.
func (s *SQL) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	s.n, s.done, s.i = from.Records, false, 0
	s.last = nil
	if from.Cursor != "" {
		s.last = from.Cursor
	}
	names, page, err := s.store.ReadPage(ctx, s.q, s.last)
	if err != nil {
		return etl.Columns{}, err
	}
	if s.cols, err = etl.NewColumns(names...); err != nil {
		return etl.Columns{}, fmt.Errorf("sql source: %w", err)
	}
	if s.key, err = s.cols.Lookup(s.q.Key); err != nil {
		return etl.Columns{}, fmt.Errorf("sql source: key: %w", err)
	}
	s.setPage(page)
	return s.cols, nil
}

func (s *SQL) setPage(page [][]any) {
	s.page, s.i = page, 0
	s.done = len(page) < s.q.Limit
}

// Next returns the next row.
func (s *SQL) Next(ctx context.Context, rec *etl.Record) error {
	if s.i >= len(s.page) {
		if s.done {
			return io.EOF
		}
		_, page, err := s.store.ReadPage(ctx, s.q, s.last)
		if err != nil {
			return err
		}
		s.setPage(page)
		if len(page) == 0 {
			return io.EOF
		}
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

// Close releases nothing: pages are separate queries.
func (s *SQL) Close() error { return nil }

func keyText(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}
