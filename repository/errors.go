package repository

import (
	sqldriver "database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// Sentinel errors. Every error a Session returns that stems from one of
// these conditions wraps the sentinel, whatever the database: each is the
// sentinel of package repository/driver of the same name, so errors.Is
// matches across the two.
var (
	ErrNotFound   = driver.ErrNotFound
	ErrConflict   = driver.ErrConflict
	ErrForeignKey = driver.ErrForeignKey
	ErrNotNull    = driver.ErrNotNull
	ErrCheck      = driver.ErrCheck
	// ErrUnreachable: Open could not reach the server or open the SQLite
	// file. It is dbopen.ErrUnreachable, the error migrations.ErrUnreachable
	// also is.
	ErrUnreachable = driver.ErrUnreachable
	// ErrTimeout: the database did not answer within one of the Store's
	// limits (WithConnectTimeout, WithStatementTimeout, the bound of
	// FinishRun). The error's text names the limit.
	ErrTimeout = driver.ErrTimeout
	// ErrLocked: another run holds the lock (see Store.LockPipeline).
	ErrLocked = driver.ErrLocked
	// ErrUnsupported is returned by operations the session's database lacks.
	ErrUnsupported = driver.ErrUnsupported
)

// mapError wraps err with the sentinel matching its driver error, keeping
// the driver's message. nil stays nil. Each registered driver classifies
// only its own errors, so asking them all needs no Store.
func mapError(err error) error { return driver.Map(err, classify) }

func classify(err error) error {
	for _, d := range drivers.All() {
		if sentinel := d.Classify(err); sentinel != nil {
			return sentinel
		}
	}
	return nil
}

// RefusedRow reports whether err is the database refusing a row's values
// (a value out of range or invalid for its type, a constraint the row
// breaks) rather than a failure of the connection or the statement, and
// returns the database's reason on one line. A writer can then find the
// rows at fault, each in a savepoint of its own, and reject them.
func RefusedRow(err error) (reason string, ok bool) {
	if err == nil {
		return "", false
	}
	for _, d := range drivers.All() {
		if reason, ok := d.Refused(err); ok {
			return reason, true
		}
	}
	return "", false
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
	var netErr net.Error
	switch {
	case err == nil, errors.Is(err, ErrTimeout):
		return false
	case errors.Is(err, sqldriver.ErrBadConn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		return true
	case serverLost(err):
		return true
	case errors.As(err, &netErr):
		return !netErr.Timeout()
	}
	return false
}

// serverLost reports whether a driver reads err as its server ending the
// connection.
func serverLost(err error) bool {
	for _, d := range drivers.All() {
		if d.LostConnection(err) {
			return true
		}
	}
	return false
}
