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

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// Store is a handle on the warehouse database. It is safe for concurrent use.
type Store struct {
	url     dburl.URL
	gdb     *gorm.DB
	sqlDB   *sql.DB
	log     *slog.Logger
	now     func() time.Time
	maxConn int
	types   typeCache // column types of COPY targets (PostgreSQL)
}

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

// Open connects to the database named by rawURL and checks it answers.
// It returns an error wrapping dburl.ErrInvalid for a bad URL and
// ErrUnreachable when the server cannot be reached.
func Open(ctx context.Context, rawURL string, opts ...Option) (*Store, error) {
	u, err := dburl.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	s := &Store{url: u, log: slog.New(slog.DiscardHandler), now: time.Now, maxConn: 8}
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
	dialector := map[dburl.Dialect]gorm.Dialector{
		dburl.Postgres: postgres.New(postgres.Config{DSN: s.url.DSN}),
		dburl.SQLite:   sqlite.Open(s.url.DSN),
	}[s.url.Dialect]
	gdb, err := gorm.Open(dialector, &gorm.Config{
		SkipDefaultTransaction: true, // Scope owns the transaction
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return s.now().UTC() },
		TranslateError:         false,
	})
	if err == nil {
		s.sqlDB, err = gdb.DB()
	}
	if err == nil {
		s.sqlDB.SetMaxOpenConns(s.maxConn)
		s.sqlDB.SetMaxIdleConns(s.maxConn)
		err = s.sqlDB.PingContext(ctx)
	}
	if err != nil {
		if s.sqlDB != nil {
			_ = s.sqlDB.Close()
		}
		return fmt.Errorf("%w: %s: %s; check that the server runs and the URL is right", ErrUnreachable, s.url, dburl.Cause(err))
	}
	s.gdb = gdb
	return nil
}

// Close closes every connection.
func (s *Store) Close() error { return s.sqlDB.Close() }

// Dialect returns the database dialect.
func (s *Store) Dialect() dburl.Dialect { return s.url.Dialect }

// URL returns the parsed database URL (its String() is redacted).
func (s *Store) URL() dburl.URL { return s.url }

// Now returns the store's clock reading, in UTC.
func (s *Store) Now() time.Time { return s.now().UTC() }

// HasTable reports whether the table exists.
func (s *Store) HasTable(ctx context.Context, table string) (bool, error) {
	return s.gdb.WithContext(ctx).Migrator().HasTable(table), nil
}
