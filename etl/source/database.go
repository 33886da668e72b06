package source

import "context"

// ReadQuery selects rows of a table or query in the order of a unique key,
// one page at a time (keyset pagination), so a table of any size is read
// with one page in memory and no long-lived read transaction.
type ReadQuery struct {
	// Table is the table to read, or
	Table string
	// SQL is a query to read: one statement that only reads, a trailing
	// ';' allowed.
	SQL string
	// Key is the unique, not-null column pages are ordered and cut by.
	Key string
	// Limit is the page size.
	Limit int
}

// Database is a database a source reads by pages: the warehouse itself or
// another one. The repository package implements it.
type Database interface {
	// CheckRead reports whether q names exactly one of a table and a
	// query, and a key, and whether its query is one statement that only
	// reads.
	CheckRead(q ReadQuery) error
	// ReadPage returns the column names and up to q.Limit rows whose key
	// is greater than after (all rows from the first when after is nil),
	// in key order, read in a read-only transaction.
	ReadPage(ctx context.Context, q ReadQuery, after any) (columns []string, rows [][]any, err error)
	// Identity names the database by what it is (server and database, or
	// file), not by the spelling of its URL.
	Identity(ctx context.Context) (string, error)
	// URL is the database's URL, its password redacted.
	URL() string
}

// OpenDatabase opens the database url names for a source to read; the
// empty url is the warehouse the pipeline loads. The returned close
// function releases it (never nil when the error is nil).
type OpenDatabase func(ctx context.Context, url string) (Database, func(), error)
