// Package sqlite is the SQLite driver of the loader (see package
// repository/driver): go-sqlite3 under GORM, prepared multi-row INSERTs
// for appends and upserts, staging tables from the table's own CREATE
// TABLE text, byte-range locks on the database file, extended result
// codes for errors, golang-migrate's sqlite3 driver.
package sqlite

import (
	"context"
	"database/sql"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync"

	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbopen"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/internal/sqltext"
	"github.com/warehouse-loader/loader/repository/driver"
)

// Driver is SQLite. Take New: its locks of an in-memory database live in
// it.
type Driver struct {
	memPipelines sync.Map // pipeline lock keys held
	memWarehouse *rwTry
}

// New returns a SQLite driver with in-process locks of its own.
func New() *Driver { return &Driver{memWarehouse: &rwTry{}} }

var _ driver.Driver = (*Driver)(nil)

// Name is "sqlite".
func (*Driver) Name() string { return "sqlite" }

// Schemes are sqlite:// and sqlite3://.
func (*Driver) Schemes() []string { return []string{"sqlite", "sqlite3"} }

// New returns a driver with in-process locks of its own.
func (*Driver) New() driver.Driver { return New() }

// ParseURL reads the file path (":memory:" for an in-memory database) and
// builds the go-sqlite3 DSN; the query's parameters are passed on to it.
func (d *Driver) ParseURL(u dburl.URL) (dburl.URL, error) {
	path := u.Location()
	if path == "" {
		return dburl.URL{}, u.Invalid("no file path; use sqlite://warehouse.db, sqlite:///abs/path.db or sqlite://:memory:")
	}
	params, err := url.ParseQuery(u.Query())
	if err != nil {
		return dburl.URL{}, u.Invalid("bad query string: " + err.Error())
	}
	if path != ":memory:" {
		path = filepath.Clean(path)
	}
	u.Dialect, u.Path, u.DSN = dburl.Dialect(d.Name()), path, dsn(path, params)
	return u, nil
}

// dsn builds the go-sqlite3 DSN: foreign keys on, a busy timeout so
// concurrent writers wait instead of failing, WAL for file databases, and
// BEGIN IMMEDIATE so a write transaction takes the write lock up front.
func dsn(path string, extra url.Values) string {
	q := url.Values{}
	q.Set("_foreign_keys", "1")
	q.Set("_busy_timeout", "10000")
	q.Set("_txlock", "immediate")
	if path != ":memory:" {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
	}
	for k, v := range extra {
		q[k] = v
	}
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

// uriPath escapes what SQLite's file: URI parser would otherwise read as a
// percent escape, the query or a fragment.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Dialector is GORM's go-sqlite3 dialector.
func (*Driver) Dialector(cfg driver.Config) gorm.Dialector { return gormsqlite.Open(cfg.URL.DSN) }

// OpenDB opens the file with go-sqlite3.
func (*Driver) OpenDB(cfg driver.Config) (*sql.DB, error) { return sql.Open("sqlite3", cfg.URL.DSN) }

// OpenError names a missing or read-only folder or file rather than a
// server (see dbopen.SQLiteError).
func (*Driver) OpenError(u dburl.URL, err, unreachable error) error {
	return dbopen.SQLiteError(u, err, unreachable)
}

// SetTimeouts does nothing: SQLite has no server to end a transaction.
func (*Driver) SetTimeouts(context.Context, *sql.Tx) error { return nil }

// Socket is nil: SQLite's waits are bounded by the busy timeout.
func (*Driver) Socket(*sql.Conn) net.Conn { return nil }

// MaxParams is SQLite's bound-parameter limit.
func (*Driver) MaxParams() int { return maxVars }

// LocksRows is false: write transactions are serialised anyway.
func (*Driver) LocksRows() bool { return false }

// Quote quotes an identifier in double quotes.
func (*Driver) Quote(ident string) string { return driver.QuoteIdent(ident) }

// Placeholder is ?.
func (*Driver) Placeholder(int) string { return "?" }

// Settled is not needed: one writer at a time, keys drawn in commit order.
func (*Driver) Settled(string) (string, string, bool) { return "", "", false }

// Lexer is SQLite's quoting.
func (*Driver) Lexer() sqltext.Dialect { return sqltext.SQLite }

// LostConnection is false: there is no connection to lose.
func (*Driver) LostConnection(error) bool { return false }
