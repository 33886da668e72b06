// Package repository is the only package that talks SQL. A Store is opened
// from a database URL; Scope runs a function in one transaction that
// commits when it returns nil and rolls back otherwise (the Go counterpart
// of SQLAlchemy's session_scope()); a Session is what runs inside it.
package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// Store is a handle on the warehouse database. It is safe for concurrent use.
type Store struct {
	url     dburl.URL
	gdb     *gorm.DB
	sqlDB   *sql.DB
	log     *slog.Logger
	now     func() time.Time
	maxConn int
	drv     driver.Driver // the database's own instance (see drivers.Lookup)

	connectTimeout, statementTimeout time.Duration
}

// Default limits of a Store.
const (
	// DefaultConnectTimeout bounds reaching the server and logging in.
	DefaultConnectTimeout = 10 * time.Second
	// DefaultStatementTimeout bounds one query or one Scope. A batch of
	// 10,000 rows commits in well under a second; the longest transaction
	// a load runs is the swap of a replace-mode load (one INSERT … SELECT
	// of the whole table, tens of seconds at 10M rows). Five minutes leaves
	// that a wide margin and still ends a run on a frozen server.
	DefaultStatementTimeout = 5 * time.Minute
)

// Option configures a Store.
type Option func(*Store) error

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) Option {
	return func(s *Store) error {
		if l == nil {
			return errors.New("repository: WithLogger: nil logger")
		}
		s.log = l
		return nil
	}
}

// WithNow sets the clock used for bookkeeping timestamps (default
// time.Now). Times are always stored in UTC.
func WithNow(now func() time.Time) Option {
	return func(s *Store) error {
		if now == nil {
			return errors.New("repository: WithNow: nil clock")
		}
		s.now = now
		return nil
	}
}

// WithMaxConns caps the connection pool (default 8; 1 for :memory:).
func WithMaxConns(n int) Option {
	return func(s *Store) error {
		if n < 1 {
			return fmt.Errorf("repository: WithMaxConns: %d is not a positive count", n)
		}
		s.maxConn = n
		return nil
	}
}

// WithConnectTimeout bounds connecting: Open's first contact with the
// server, and on PostgreSQL each new connection of the pool (pgx's
// connect_timeout, unless the URL or PGCONNECT_TIMEOUT sets one). Default
// DefaultConnectTimeout; 0 means no limit.
func WithConnectTimeout(d time.Duration) Option {
	return limitOption("WithConnectTimeout", d, func(s *Store) { s.connectTimeout = d })
}

// WithStatementTimeout bounds every query the Store runs, and every Scope
// as a whole, from taking its connection to its COMMIT. A call cut short
// returns an error wrapping ErrTimeout. On PostgreSQL a Scope also sets the
// server's statement_timeout and idle_in_transaction_session_timeout for
// its transaction, so that the server ends it should the loader vanish.
// Default DefaultStatementTimeout; 0 means no limit.
func WithStatementTimeout(d time.Duration) Option {
	return limitOption("WithStatementTimeout", d, func(s *Store) { s.statementTimeout = d })
}

// limitOption is the option named name that sets the limit d.
func limitOption(name string, d time.Duration, set func(*Store)) Option {
	return func(s *Store) error {
		if d < 0 {
			return fmt.Errorf("repository: %s: %s is negative", name, d)
		}
		set(s)
		return nil
	}
}

// Open connects to the database named by rawURL and checks it answers.
// The URL's scheme picks the driver (package repository/drivers). It
// returns an error wrapping dburl.ErrInvalid for a bad URL or an unknown
// scheme (listing the registered ones), and
// ErrUnreachable when the server cannot be reached (also wrapping
// ErrTimeout when it did not answer within the connect timeout) or the
// SQLite file cannot be opened.
func Open(ctx context.Context, rawURL string, opts ...Option) (*Store, error) {
	drv, u, err := drivers.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	s := &Store{
		url: u, drv: drv, log: slog.New(slog.DiscardHandler), now: time.Now, maxConn: 8,
		connectTimeout: DefaultConnectTimeout, statementTimeout: DefaultStatementTimeout,
	}
	if u.Memory() {
		s.maxConn = 1 // each connection would be a different database
	}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	if err := s.connect(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Store) connect(ctx context.Context) error {
	gdb, err := gorm.Open(s.dialector(), &gorm.Config{
		SkipDefaultTransaction: true, // Scope owns the transaction
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return s.now().UTC() },
		TranslateError:         false,
		DisableAutomaticPing:   true, // GORM's ping has no deadline: see ping
	})
	if err == nil {
		s.sqlDB, err = gdb.DB()
	}
	if err == nil {
		s.sqlDB.SetMaxOpenConns(s.maxConn)
		s.sqlDB.SetMaxIdleConns(s.maxConn)
		err = s.ping(ctx)
	}
	if err != nil {
		if s.sqlDB != nil {
			_ = s.sqlDB.Close()
		}
		return s.openError(ctx, err)
	}
	s.gdb = gdb
	return nil
}

func (s *Store) dialector() gorm.Dialector { return s.drv.Dialector(s.config()) }

// config is what the driver opens and locks the database with.
func (s *Store) config() driver.Config {
	return driver.Config{URL: s.url, ConnectTimeout: s.connectTimeout}
}

// ping checks the database answers within the connect timeout.
func (s *Store) ping(ctx context.Context) error {
	ctx, done := limit(ctx, s.connectTimeout)
	return done(s.sqlDB.PingContext(ctx))
}

// openError says why Open failed, in one line without secrets.
func (s *Store) openError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("connecting to %s: stopped before the database answered: %w", s.url, ctx.Err())
	}
	if own := s.drv.OpenError(s.url, err, ErrUnreachable); own != nil {
		return own
	}
	if errors.Is(err, ErrTimeout) {
		return fmt.Errorf("%w: %s: %w; check that the server runs and the URL is right", ErrUnreachable, s.url, err)
	}
	return fmt.Errorf("%w: %s: %s; check that the server runs and the URL is right", ErrUnreachable, s.url, dburl.Cause(err))
}

// limit returns ctx bounded by d (0: unbounded) and the function that
// ends the bound: done(err) returns err, or, when d ran out before ctx
// itself ended, an error wrapping ErrTimeout (and err) that names d.
func limit(ctx context.Context, d time.Duration) (bounded context.Context, done func(error) error) {
	if d <= 0 {
		return ctx, func(err error) error { return err }
	}
	bounded, cancel := context.WithTimeout(ctx, d)
	return bounded, func(err error) error {
		defer cancel()
		if err != nil && errors.Is(bounded.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
			return timeoutError(d, err)
		}
		return err
	}
}

// query runs fn on a GORM handle whose statements run under ctx and the
// statement timeout. The error comes back mapped (see mapError).
func (s *Store) query(ctx context.Context, fn func(*gorm.DB) error) error {
	ctx, done := limit(ctx, s.statementTimeout)
	return done(mapError(fn(s.gdb.WithContext(ctx))))
}

// ConnectTimeout returns the limit on connecting (WithConnectTimeout).
func (s *Store) ConnectTimeout() time.Duration { return s.connectTimeout }

// StatementTimeout returns the limit on one query or one Scope
// (WithStatementTimeout).
func (s *Store) StatementTimeout() time.Duration { return s.statementTimeout }

// Close closes every connection.
func (s *Store) Close() error { return s.sqlDB.Close() }

// Dialect returns the name of the database's driver ("postgres", "sqlite",
// "mysql"): its Name in package repository/drivers.
func (s *Store) Dialect() dburl.Dialect { return s.url.Dialect }

// URL returns the parsed database URL (its String() is redacted).
func (s *Store) URL() dburl.URL { return s.url }

// Now returns the store's clock reading, in UTC.
func (s *Store) Now() time.Time { return s.now().UTC() }

// HasTable reports whether the table exists.
func (s *Store) HasTable(ctx context.Context, table string) (bool, error) {
	var found bool
	err := s.query(ctx, func(db *gorm.DB) error {
		var err error
		found, err = hasTable(db, table)
		return err
	})
	return found, err
}

// hasTable reports whether the table exists. GORM's migrator answers
// false when its query fails, so a false is checked with SELECT 1: a
// database that does not answer is an error, not a missing table.
func hasTable(db *gorm.DB, table string) (bool, error) {
	if db.Migrator().HasTable(table) {
		return true, nil
	}
	return false, db.Exec("SELECT 1").Error
}
