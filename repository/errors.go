package repository

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dburl"
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
	// file.
	ErrUnreachable = errors.New("database unreachable")
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

// sqliteOpenError says why the SQLite file of u cannot be opened. SQLite
// reports a file it may not create as "no such file or directory", so the
// file system is asked what is wrong first.
func sqliteOpenError(u dburl.URL, err error) error {
	msg := ""
	if !u.Memory() {
		msg = sqliteFileProblem(u.Path)
	}
	if msg == "" {
		msg = fmt.Sprintf("cannot open %s: %s", u, dburl.Cause(err))
	}
	return &described{msg: msg, errs: []error{ErrUnreachable, err}}
}

// sqliteFileProblem returns what keeps SQLite from opening path for
// writing, or "" when the file system shows nothing wrong. SQLite creates
// its journal files (-wal, -shm) next to the database, so the folder must
// be writable even when the file exists.
func sqliteFileProblem(path string) string {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("cannot create %s: folder %s does not exist; create it or fix the path", path, dir)
	}
	_, err := os.Stat(path)
	exists := err == nil
	switch {
	case !exists && !canCreateIn(dir):
		return fmt.Sprintf("cannot create %s: the folder is read-only", path)
	case exists && !canCreateIn(dir):
		return fmt.Sprintf("cannot open %s for writing: its folder is read-only, and SQLite writes its journal files next to the database", path)
	case exists && !canWrite(path):
		return fmt.Sprintf("cannot open %s for writing: the file is read-only", path)
	}
	return ""
}

// canCreateIn reports whether a file can be created in dir, by creating
// (and removing) one: permission bits alone miss read-only mounts and
// privileged users.
func canCreateIn(dir string) bool {
	f, err := os.CreateTemp(dir, ".loader-probe-*")
	if err != nil {
		return false
	}
	_ = f.Close()
	_ = os.Remove(f.Name())
	return true
}

func canWrite(path string) bool {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	_ = f.Close()
	return true
}
