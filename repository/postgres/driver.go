// Package postgres is the PostgreSQL driver of the loader (see package
// repository/driver): pgx under GORM, COPY in binary format for appends,
// COPY into a temporary table merged with INSERT … ON CONFLICT for
// upserts, LIKE … INCLUDING ALL for staging tables, session advisory
// locks, SQLSTATE classes for errors, golang-migrate's pgx driver.
package postgres

import (
	"context"
	"crypto/tls"
	"database/sql"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbopen"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/internal/sqltext"
	"github.com/warehouse-loader/loader/repository/driver"
)

// Driver is PostgreSQL. Its zero value is unusable: take New.
type Driver struct {
	types *typeCache // column types of COPY targets
}

// New returns a PostgreSQL driver with a type cache of its own.
func New() *Driver { return &Driver{types: &typeCache{}} }

var _ driver.Driver = (*Driver)(nil)

// Name is "postgres".
func (*Driver) Name() string { return "postgres" }

// Schemes are postgres:// and postgresql://.
func (*Driver) Schemes() []string { return []string{"postgres", "postgresql"} }

// New returns a driver with a type cache of its own.
func (*Driver) New() driver.Driver { return New() }

// ParseURL checks the host, port and database name; the URL is pgx's DSN.
func (d *Driver) ParseURL(u dburl.URL) (dburl.URL, error) {
	if err := u.CheckHost(); err != nil {
		return dburl.URL{}, err
	}
	if strings.Trim(u.URLPath(), "/") == "" {
		return dburl.URL{}, u.Invalid("no database name; add it as the path, e.g. postgres://host:5432/warehouse")
	}
	u.Dialect, u.DSN = dburl.Dialect(d.Name()), u.Raw()
	return u, nil
}

// Dialector is GORM's pgx dialector; every new connection gives up after
// the connect timeout.
func (*Driver) Dialector(cfg driver.Config) gorm.Dialector {
	return gormpg.New(gormpg.Config{DSN: cfg.URL.DSN, OptionOpenDB: []stdlib.OptionOpenDB{dbopen.ConnectTimeout(cfg.ConnectTimeout)}})
}

// OpenDB opens a pgx pool whose new connections obey the connect timeout.
func (*Driver) OpenDB(cfg driver.Config) (*sql.DB, error) {
	pc, err := pgx.ParseConfig(cfg.URL.DSN)
	if err != nil {
		return nil, err
	}
	return stdlib.OpenDB(*pc, dbopen.ConnectTimeout(cfg.ConnectTimeout)), nil
}

// OpenError is nil: the caller's "check that the server runs" fits.
func (*Driver) OpenError(dburl.URL, error, error) error { return nil }

// Begin begins a transaction on conn.
func (*Driver) Begin(_, txCtx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	return conn.BeginTx(txCtx, nil)
}

// SetTimeouts has the server end the transaction itself should the loader
// vanish: a statement running past the deadline is cancelled, a
// transaction idle past it is rolled back. The server's limit comes a
// second after the loader's, whose error says what happened. SET LOCAL
// lasts until the transaction ends.
func (*Driver) SetTimeouts(ctx context.Context, tx *sql.Tx) error {
	deadline, ok := ctx.Deadline()
	if !ok {
		return nil
	}
	ms := strconv.FormatInt(time.Until(deadline).Milliseconds()+1000, 10)
	_, err := tx.ExecContext(ctx, "SET LOCAL statement_timeout = "+ms+"; SET LOCAL idle_in_transaction_session_timeout = "+ms)
	return err
}

// Socket returns the network connection under a pgx connection, or nil.
func (*Driver) Socket(conn *sql.Conn) net.Conn {
	var socket net.Conn
	_ = conn.Raw(func(driverConn any) error {
		if c, ok := driverConn.(*stdlib.Conn); ok {
			socket = c.Conn().PgConn().Conn()
		}
		if tc, ok := socket.(*tls.Conn); ok {
			socket = tc.NetConn() // closing it sends no alert that could block
		}
		return nil
	})
	return socket
}

// MaxParams is PostgreSQL's bound-parameter limit.
func (*Driver) MaxParams() int { return 65535 }

// LocksRows is true: SELECT … FOR UPDATE holds the row.
func (*Driver) LocksRows() bool { return true }

// Quote quotes an identifier in double quotes.
func (*Driver) Quote(ident string) string { return driver.QuoteIdent(ident) }

// Placeholder is $n.
func (*Driver) Placeholder(n int) string { return fmt.Sprintf("$%d", n) }

// Lexer is PostgreSQL's quoting.
func (*Driver) Lexer() sqltext.Dialect { return sqltext.Postgres }
