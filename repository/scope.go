package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbopen"
)

// Scope runs fn in one transaction on one connection: it commits when fn
// returns nil, and rolls back when fn returns an error, when fn panics (the
// panic is then re-raised) and when ctx is cancelled before the commit.
// fn's error is returned as is; a failed commit or a cancelled context is
// returned wrapped. The whole scope, COMMIT included, runs under the
// statement timeout (WithStatementTimeout): past it, the scope fails with
// an error wrapping ErrTimeout.
func (s *Store) Scope(ctx context.Context, fn func(*Session) error) error {
	stmtCtx, done := limit(ctx, s.statementTimeout)
	return done(s.scope(ctx, stmtCtx, fn))
}

// scope is Scope with stmtCtx, ctx under the scope's deadline.
func (s *Store) scope(ctx, stmtCtx context.Context, fn func(*Session) error) error {
	conn, err := s.sqlDB.Conn(stmtCtx)
	if err != nil {
		return fmt.Errorf("repository: taking a connection: %w", err)
	}
	defer func() { _ = conn.Close() }()
	defer s.breakAtDeadline(stmtCtx, conn)()
	// Statements run under ctx, and runScope rolls back a scope whose ctx
	// is cancelled before its commit starts; the COMMIT runs under txCtx.
	txCtx, cancel := txContext(ctx, stmtCtx)
	defer cancel()
	tx, err := s.drv.Begin(stmtCtx, txCtx, conn)
	if err != nil {
		return fmt.Errorf("repository: beginning a transaction: %w", mapError(err))
	}
	sess := &Session{store: s, conn: conn, tx: tx, gdb: s.onTx(stmtCtx, tx)}
	if err := s.serverTimeouts(stmtCtx, tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return runScope(stmtCtx, sess, fn, tx.Commit, tx.Rollback)
}

// cancelledCommitGrace is how long a COMMIT under way when the scope's
// context is cancelled may still take. A COMMIT takes milliseconds; this
// only cuts short one the database does not answer.
const cancelledCommitGrace = 2 * time.Second

// txContext returns the context of a scope's transaction, which its COMMIT
// runs under: it ends at stmtCtx's deadline, and cancelledCommitGrace
// after ctx is cancelled, so that a COMMIT under way when ctx is cancelled
// finishes and reports what the server did, yet cannot hold up a process
// that is stopping.
func txContext(ctx, stmtCtx context.Context) (context.Context, context.CancelFunc) {
	var (
		base   = context.WithoutCancel(ctx)
		txCtx  context.Context
		cancel context.CancelFunc
	)
	if d, ok := stmtCtx.Deadline(); ok {
		txCtx, cancel = context.WithDeadline(base, d)
	} else {
		txCtx, cancel = context.WithCancel(base)
	}
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(cancelledCommitGrace, cancel) })
	return txCtx, func() { stop(); cancel() }
}

// serverTimeouts has the server end the transaction itself should the
// loader vanish (see driver.Connector.SetTimeouts).
func (s *Store) serverTimeouts(ctx context.Context, tx *sql.Tx) error {
	if err := s.drv.SetTimeouts(ctx, tx); err != nil {
		return fmt.Errorf("repository: setting the transaction's timeouts: %w", mapError(err))
	}
	return nil
}

// breakAtDeadline makes a statement that waits on a silent server fail once ctx's deadline passes, even when it runs under a
// context without that deadline (Session methods take the caller's): it
// closes the connection's socket then. The returned function disarms it;
// a connection it broke is discarded, never reused. A database without a
// socket (SQLite, whose waits the busy timeout bounds) needs none of this.
func (s *Store) breakAtDeadline(ctx context.Context, conn *sql.Conn) (disarm func()) {
	socket := s.drv.Socket(conn)
	if _, ok := ctx.Deadline(); !ok || socket == nil {
		return func() {}
	}
	var (
		mu               sync.Mutex
		broken, disarmed bool
	)
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if !disarmed && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			broken = true
			_ = socket.Close()
		}
	})
	return func() {
		stop()
		mu.Lock()
		disarmed = true
		mu.Unlock()
		if broken {
			dbopen.Discard(conn)
		}
	}
}

// onTx returns a GORM handle whose statements run on tx.
func (s *Store) onTx(ctx context.Context, tx *sql.Tx) *gorm.DB {
	db := s.gdb.Session(&gorm.Session{NewDB: true, Context: ctx, SkipDefaultTransaction: true})
	db.Statement.ConnPool = tx
	return db
}

// Scope runs fn in a savepoint nested in the session's transaction: an
// error, a panic or a cancelled context rolls back to the savepoint only,
// and the outer scope goes on.
func (sess *Session) Scope(ctx context.Context, fn func(*Session) error) error {
	name := fmt.Sprintf("loader_sp_%d", sess.depth+1)
	if _, err := sess.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("repository: creating savepoint: %w", mapError(err))
	}
	inner := &Session{store: sess.store, conn: sess.conn, tx: sess.tx, gdb: sess.store.onTx(ctx, sess.tx), depth: sess.depth + 1}
	release := func() error { return sess.execNoCtx("RELEASE SAVEPOINT " + name) }
	rollback := func() error {
		if err := sess.execNoCtx("ROLLBACK TO SAVEPOINT " + name); err != nil {
			return err
		}
		return release()
	}
	return runScope(ctx, inner, fn, release, rollback)
}

// execNoCtx runs a transaction-control statement that must run even when
// the caller's context is already cancelled.
func (sess *Session) execNoCtx(q string) error {
	_, err := sess.tx.ExecContext(context.Background(), q)
	return err
}

func runScope(ctx context.Context, sess *Session, fn func(*Session) error, commit, rollback func() error) error {
	panicking := true
	defer func() {
		if panicking {
			_ = rollback()
		}
	}()
	err := fn(sess)
	panicking = false
	if err != nil {
		_ = rollback()
		return err
	}
	if err := ctx.Err(); err != nil {
		_ = rollback()
		return fmt.Errorf("repository: scope rolled back: %w", err)
	}
	if err := commit(); err != nil {
		return fmt.Errorf("repository: commit failed, the transaction may not have been applied: %w", mapError(err))
	}
	return nil
}
