package repository

import (
	"context"

	"github.com/warehouse-loader/loader/etl/source"
)

// sourceDB is a Store as the sources see it: a source.Database.
type sourceDB struct {
	store *Store
}

// SourceDatabase returns s as a database sources read.
func SourceDatabase(s *Store) source.Database { return sourceDB{store: s} }

func (d sourceDB) CheckRead(q source.ReadQuery) error { return d.store.CheckRead(readQuery(q)) }

func (d sourceDB) ReadPage(ctx context.Context, q source.ReadQuery, after any) ([]string, [][]any, error) {
	return d.store.ReadPage(ctx, readQuery(q), after)
}

func (d sourceDB) Identity(ctx context.Context) (string, error) { return d.store.DatabaseIdentity(ctx) }

func (d sourceDB) URL() string { return d.store.URL().String() }

// readQuery is q as the Store reads it.
func readQuery(q source.ReadQuery) ReadQuery {
	return ReadQuery{Table: q.Table, SQL: q.SQL, Key: q.Key, Limit: q.Limit}
}

// OpenDatabases returns the opener of the databases sources read: "" is
// warehouse (left open), another URL is opened with opts and closed by the
// returned function.
func OpenDatabases(warehouse *Store, opts ...Option) source.OpenDatabase {
	return func(ctx context.Context, url string) (source.Database, func(), error) {
		if url == "" {
			return SourceDatabase(warehouse), func() {}, nil
		}
		other, err := Open(ctx, url, opts...)
		if err != nil {
			return nil, nil, err
		}
		return SourceDatabase(other), func() { _ = other.Close() }, nil
	}
}
