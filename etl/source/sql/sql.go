// Package sqlsource is the sql source kind: a table or a query of a
// database read by pages in the order of a unique key, resumed after the
// last key committed. Pipeline files name it `source: {sql: {...}}`.
package sqlsource

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// SQL reads a table or a query of a database in the order of a unique key,
// one page at a time, and resumes after the last key it committed. Rerun on
// an unchanged table it reads nothing; rows added with a greater key are
// read by the next run (incremental extraction). The key column must be
// unique and never NULL (a serial id is ideal): rows are compared with
// key > last, so ties cannot happen and a NULL key is never read. While the
// records of one page are transformed, the next page is already being read.
type SQL struct {
	db       source.Database
	q        source.ReadQuery
	identity string
	cols     etl.Columns
	key      int
	page     [][]any
	i        int
	n        int64
	last     any
	pages    chan page // read ahead by fetch; closed after the last page
	cancel   context.CancelFunc
}

type page struct {
	rows [][]any
	err  error
}

// New returns a source reading q from db (the warehouse itself, or another
// database). A query must be one statement that only reads (db.CheckRead
// says why not); every page is read in a read-only transaction. New asks
// the database what it is, for Identity.
func New(ctx context.Context, db source.Database, q source.ReadQuery) (*SQL, error) {
	if err := db.CheckRead(q); err != nil {
		return nil, err
	}
	if q.Limit <= 0 {
		q.Limit = 10000
	}
	id, err := db.Identity(ctx)
	if err != nil {
		return nil, fmt.Errorf("sql source: %w", err)
	}
	return &SQL{db: db, q: q, identity: identity(id, q)}, nil
}

// identity names what q reads: the database (see
// source.Database.Identity, not the URL's spelling), the table or a hash
// of the query's text, and the key.
func identity(db string, q source.ReadQuery) string {
	what := "table " + q.Table
	if q.SQL != "" {
		sum := sha256.Sum256([]byte(strings.TrimSuffix(strings.TrimSpace(q.SQL), ";")))
		what = "query " + hex.EncodeToString(sum[:8])
	}
	return fmt.Sprintf("sql:%s:%s by %s", db, what, q.Key)
}

// Identity names the database, the table or query, and the key.
func (s *SQL) Identity() string { return s.identity }

// Adopts reports whether stored is the identity older loader versions gave
// this source: the redacted URL, then the table or a hash of the query as
// written, and the key.
func (s *SQL) Adopts(stored string) bool {
	what := "table " + s.q.Table
	if s.q.SQL != "" {
		sum := sha256.Sum256([]byte(s.q.SQL))
		what = "query " + hex.EncodeToString(sum[:8])
	}
	return stored == fmt.Sprintf("sql:%s:%s by %s", s.db.URL(), what, s.q.Key)
}

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
	fctx, cancel := context.WithCancel(ctx)
	s.cancel, s.pages = cancel, make(chan page, 1)
	go s.fetch(fctx, first)
	return s.cols, nil
}

// fetch reads the pages after prev until one comes back short.
func (s *SQL) fetch(ctx context.Context, prev [][]any) {
	defer close(s.pages)
	for len(prev) == s.q.Limit {
		_, rows, err := s.db.ReadPage(ctx, s.q, prev[len(prev)-1][s.key])
		select {
		case s.pages <- page{rows, err}:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
		prev = rows
	}
}

// Next returns the next row.
func (s *SQL) Next(ctx context.Context, rec *etl.Record) error {
	for s.i >= len(s.page) {
		var p page
		var ok bool
		select {
		case p, ok = <-s.pages:
		case <-ctx.Done():
			return ctx.Err()
		}
		if !ok {
			return io.EOF
		}
		if p.err != nil {
			return p.err
		}
		s.page, s.i = p.rows, 0
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
	if s.cancel != nil {
		s.cancel()
		for range s.pages {
		}
		s.cancel = nil
	}
	return nil
}

func keyText(v any) string {
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}
