// Package sqlsource is the sql source kind: a table or a query of a
// database read by pages in the order of a unique key, resumed after the
// last key committed. Pipeline files name it `source: {sql: {...}}`.
package sqlsource

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

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
	ahead    *source.ReadAhead[[]any]
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
