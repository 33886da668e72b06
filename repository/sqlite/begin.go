package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/mattn/go-sqlite3"
)

// beginRound is how long one attempt to begin a SQLite write
// transaction waits for the write lock before the context is looked at
// again.
const beginRound = 200 * time.Millisecond

// Begin begins a transaction on a SQLite connection under txCtx. SQLite's busy
// handler waits for the write lock (BEGIN IMMEDIATE) without looking at
// any context, for as long as the connection's busy_timeout, so a run
// waiting on another writer would not notice a signal. So the wait is cut
// into short rounds, each attempt bounded by the connection's busy timeout
// set to beginRound, until the lock is taken, ctx ends (is cancelled or
// its deadline passes) or the connection's own busy timeout passes; the
// connection's busy timeout is then put back.
func (*Driver) Begin(ctx, txCtx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	var busy int64
	if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.FormatInt(beginRound.Milliseconds(), 10)); err != nil {
		return nil, err
	}
	defer func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA busy_timeout = "+strconv.FormatInt(busy, 10))
	}()
	giveUp := time.Now().Add(time.Duration(busy) * time.Millisecond)
	for {
		tx, err := conn.BeginTx(txCtx, nil)
		var sqErr sqlite3.Error
		if err == nil || !errors.As(err, &sqErr) || sqErr.Code != sqlite3.ErrBusy || !time.Now().Before(giveUp) {
			return tx, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}
