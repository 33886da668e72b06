package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"github.com/warehouse-loader/loader/internal/dbopen"
	"github.com/warehouse-loader/loader/internal/dburl"
)

// queryer is what a read runs its statements on: a read-only transaction
// (PostgreSQL) or a connection in query_only mode (SQLite).
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// readOnly runs fn where the database refuses every write, under ctx and
// the statement timeout: fn runs its statements under the ctx it is
// given. Errors come back mapped; a refused write wraps ErrReadOnly, a
// read cut short ErrTimeout.
func (s *Store) readOnly(ctx context.Context, fn func(context.Context, queryer) error) error {
	ctx, done := limit(ctx, s.statementTimeout)
	var err error
	if s.url.Dialect == dburl.Postgres {
		err = s.readOnlyTx(ctx, fn)
	} else {
		err = s.queryOnly(ctx, fn)
	}
	if refusedWrite(err) {
		return done(fmt.Errorf("%w: %w", ErrReadOnly, err))
	}
	return done(mapError(err))
}

// readOnlyTx runs fn in a BEGIN READ ONLY transaction that is then rolled
// back. Like a Scope's, the transaction has the server end it past ctx's
// deadline (see serverTimeouts): a query the loader gave up on does not
// go on running on the server.
func (s *Store) readOnlyTx(ctx context.Context, fn func(context.Context, queryer) error) error {
	tx, err := s.sqlDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if err := s.serverTimeouts(ctx, tx); err != nil {
		return err
	}
	return fn(ctx, tx)
}

// queryOnly runs fn on a connection of its own with PRAGMA query_only on
// (go-sqlite3 ignores TxOptions.ReadOnly, and this store's transactions
// begin IMMEDIATE, taking the write lock). The pragma is turned off before
// the connection goes back to the pool; a connection where that fails is
// closed instead.
func (s *Store) queryOnly(ctx context.Context, fn func(context.Context, queryer) error) error {
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = ON"); err != nil {
		return err
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = OFF"); err != nil {
			dbopen.Discard(conn)
		}
	}()
	return fn(ctx, conn)
}

// refusedWrite reports whether err is the database refusing a write:
// PostgreSQL's read_only_sql_transaction, SQLite's SQLITE_READONLY.
func refusedWrite(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "25006"
	}
	var sqErr sqlite3.Error
	return errors.As(err, &sqErr) && sqErr.Code == sqlite3.ErrReadonly
}
