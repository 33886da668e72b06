package repository

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"
)

// Scope runs fn in one transaction on one connection: it commits when fn
// returns nil, and rolls back when fn returns an error, when fn panics (the
// panic is then re-raised) and when ctx is cancelled before the commit.
// fn's error is returned as is; a failed commit or a cancelled context is
// returned wrapped.
func (s *Store) Scope(ctx context.Context, fn func(*Session) error) error {
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("repository: taking a connection: %w", err)
	}
	defer func() { _ = conn.Close() }()
	// The transaction outlives a cancellation of ctx, so that a COMMIT
	// under way when ctx is cancelled finishes and reports what the server
	// did; statements still run under ctx, and runScope rolls back a scope
	// whose ctx is cancelled before its commit starts.
	tx, err := conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return fmt.Errorf("repository: beginning a transaction: %w", mapError(err))
	}
	sess := &Session{store: s, conn: conn, tx: tx, gdb: s.onTx(ctx, tx)}
	return runScope(ctx, sess, fn, tx.Commit, tx.Rollback)
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
