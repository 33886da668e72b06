package repository

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbopen"
)

// Sentinel errors. Every error a Session returns that stems from one of
// these conditions wraps the sentinel, whatever the dialect.
var (
	ErrNotFound   = errors.New("not found")
	ErrConflict   = errors.New("unique constraint violated")
	ErrForeignKey = errors.New("foreign key violated")
	ErrNotNull    = errors.New("not-null constraint violated")
	ErrCheck      = errors.New("check constraint violated")
	// ErrUnreachable: Open could not reach the server or open the SQLite
	// file. It is dbopen.ErrUnreachable, the error migrations.ErrUnreachable
	// also is.
	ErrUnreachable = dbopen.ErrUnreachable
	// ErrTimeout: the database did not answer within one of the Store's
	// limits (WithConnectTimeout, WithStatementTimeout, the bound of
	// FinishRun). The error's text names the limit.
	ErrTimeout = errors.New("the database did not answer in time")
	// ErrLocked: another run holds the lock (see Store.TryLock).
	ErrLocked = errors.New("locked by another run")
)

// mapError wraps err with the sentinel matching its driver error, keeping
// the driver's message. nil stays nil.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	if sentinel := classify(err); sentinel != nil {
		return fmt.Errorf("%w: %w", sentinel, err)
	}
	return err
}

func classify(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return map[string]error{
			"23505": ErrConflict, "23503": ErrForeignKey, "23502": ErrNotNull, "23514": ErrCheck,
		}[pgErr.Code]
	}
	var sqErr sqlite3.Error
	if errors.As(err, &sqErr) && sqErr.Code == sqlite3.ErrConstraint {
		return map[sqlite3.ErrNoExtended]error{
			sqlite3.ErrConstraintUnique: ErrConflict, sqlite3.ErrConstraintPrimaryKey: ErrConflict,
			sqlite3.ErrConstraintForeignKey: ErrForeignKey, sqlite3.ErrConstraintNotNull: ErrNotNull,
			sqlite3.ErrConstraintCheck: ErrCheck,
		}[sqErr.ExtendedCode]
	}
	return nil
}

// described is an error that reads as msg and wraps errs (sentinels and
// the driver's cause) without repeating their text.
type described struct {
	msg  string
	errs []error
}

func (e *described) Error() string   { return e.msg }
func (e *described) Unwrap() []error { return e.errs }

// timeoutError returns the error of a call that limit cut short.
func timeoutError(limit time.Duration, cause error) error {
	return &described{msg: fmt.Sprintf("the database did not answer within %s", limit), errs: []error{ErrTimeout, cause}}
}

// lostConnection reports whether err says the connection to the server
// broke (reset, closed, the server shutting down), as opposed to the
// server refusing a statement or a deadline passing.
func lostConnection(err error) bool {
	var (
		netErr net.Error
		pgErr  *pgconn.PgError
	)
	switch {
	case err == nil, errors.Is(err, ErrTimeout):
		return false
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return true
	case errors.As(err, &pgErr):
		// 08: connection exception; 57P01-57P03: the server is shutting
		// down or restarting.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	case errors.As(err, &netErr):
		return !netErr.Timeout()
	}
	return false
}
