package repository

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/repository/driver"
)

// Session is a transaction in progress, handed to the function a Scope
// runs. Everything done through it commits or rolls back together,
// including COPY (see CopyFrom). It must not be used after its scope ends
// nor from several goroutines at once.
type Session struct {
	store *Store
	conn  *sql.Conn
	tx    *sql.Tx
	gdb   *gorm.DB
	depth int
}

// Dialect returns the name of the database's driver.
func (sess *Session) Dialect() dburl.Dialect { return sess.store.url.Dialect }

// Store returns the store the session belongs to.
func (sess *Session) Store() *Store { return sess.store }

// Gorm returns a GORM handle bound to the session's transaction, for typed
// queries this package does not wrap. Errors it returns are not mapped:
// pass them through MapError.
func (sess *Session) Gorm(ctx context.Context) *gorm.DB { return sess.gdb.WithContext(ctx) }

// MapError wraps a driver error with the matching sentinel (ErrConflict,
// ErrNotFound, …); other errors are returned unchanged.
func MapError(err error) error { return mapError(err) }

// Exec runs statements in order inside the session's transaction; the
// first failure stops it and, returned from the scope, rolls all back.
func (sess *Session) Exec(ctx context.Context, statements ...string) error {
	for i, q := range statements {
		if _, err := sess.tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("statement %d of %d: %w", i+1, len(statements), mapError(err))
		}
	}
	return nil
}

// Insert inserts rows in batches of batchSize (0: a size that fits the
// dialect's parameter limit).
func Insert[T any](ctx context.Context, sess *Session, rows []T, batchSize int) error {
	if len(rows) == 0 {
		return nil
	}
	if batchSize <= 0 {
		batchSize = sess.batchFor(rows)
	}
	if err := sess.Gorm(ctx).CreateInBatches(rows, batchSize).Error; err != nil {
		return fmt.Errorf("inserting %d rows: %w", len(rows), mapError(err))
	}
	return nil
}

// Upsert inserts rows, updating every non-key column of rows whose key
// columns already exist (INSERT … ON CONFLICT (keys) DO UPDATE on both
// dialects).
func Upsert[T any](ctx context.Context, sess *Session, rows []T, keys ...string) error {
	if len(rows) == 0 {
		return nil
	}
	cols := make([]clause.Column, len(keys))
	for i, k := range keys {
		cols[i] = clause.Column{Name: k}
	}
	onConflict := clause.OnConflict{Columns: cols, UpdateAll: true}
	err := sess.Gorm(ctx).Clauses(onConflict).CreateInBatches(rows, sess.batchFor(rows)).Error
	if err != nil {
		return fmt.Errorf("upserting %d rows: %w", len(rows), mapError(err))
	}
	return nil
}

// First loads the first row matching the conditions (GORM style: a
// primary key value, or a query string and arguments) into dest. It
// returns an error wrapping ErrNotFound when there is none.
func First[T any](ctx context.Context, sess *Session, conds ...any) (T, error) {
	var row T
	if err := sess.Gorm(ctx).First(&row, conds...).Error; err != nil {
		return row, mapError(err)
	}
	return row, nil
}

// batchFor returns a batch size that keeps one multi-row INSERT under the
// database's bound-parameter limit (driver.Writer.MaxParams).
func (sess *Session) batchFor(rows any) int {
	st := &gorm.Statement{DB: sess.gdb}
	if err := st.Parse(rows); err != nil || len(st.Schema.DBNames) == 0 {
		return 100
	}
	return max(1, min(1000, sess.store.drv.MaxParams()/len(st.Schema.DBNames)))
}

// drvTx is the session's transaction as its driver sees it.
func (sess *Session) drvTx() driver.Tx { return sessionTx{sess} }

// sessionTx is a Session as a driver.Tx: its transaction, its connection
// (Raw) and its savepoints (Scope).
type sessionTx struct{ sess *Session }

func (t sessionTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.sess.tx.ExecContext(ctx, q, args...)
}

func (t sessionTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.sess.tx.QueryContext(ctx, q, args...)
}

func (t sessionTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.sess.tx.QueryRowContext(ctx, q, args...)
}

func (t sessionTx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.sess.tx.PrepareContext(ctx, q)
}

func (t sessionTx) Raw(fn func(driverConn any) error) error { return t.sess.conn.Raw(fn) }

func (t sessionTx) Savepoint(ctx context.Context, fn func(driver.Tx) error) error {
	return t.sess.Scope(ctx, func(sp *Session) error { return mapError(fn(sp.drvTx())) })
}
