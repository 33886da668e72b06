package repository

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/internal/dbopen"
)

// Advisory lock classes: the first of the two int keys, namespacing the
// loader's locks among other advisory locks.
const (
	lockClass      = 0x10AD // pipeline locks; the second key hashes the pipeline
	warehouseClass = 0x10AE // the warehouse lock; the second key hashes the warehouse
)

// Bounds on the lock statements that do not wait for a lock: setting up
// the lock connection and trying a lock (lockQueryTimeout), and giving
// locks back (releaseTimeout). A lock that is waited for waits until ctx
// ends.
const (
	lockQueryTimeout = 10 * time.Second
	releaseTimeout   = 2 * time.Second
)

// advisory is one session advisory lock in the two-int key space.
type advisory struct {
	class, key int32
	shared     bool
}

func (a advisory) fn(prefix string) string {
	if a.shared {
		return prefix + "_shared"
	}
	return prefix
}

// lockConn is a connection held for session advisory locks, named in
// pg_stat_activity after this process (see holderName).
type lockConn struct {
	conn    *sql.Conn
	where   string // current_database.current_schema: what a warehouse is
	appName string // the application_name to give back on release
	held    []advisory
}

func (s *Store) openLockConn(ctx context.Context) (*lockConn, error) {
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return nil, mapError(err)
	}
	l := &lockConn{conn: conn}
	ctx, cancel := context.WithTimeout(ctx, lockQueryTimeout)
	defer cancel()
	// Evaluated left to right: the old name is read before it is replaced.
	err = conn.QueryRowContext(ctx, `SELECT current_database() || '.' || current_schema(),
		current_setting('application_name'), set_config('application_name', $1, false)`, holderName).
		Scan(&l.where, &l.appName, new(string))
	if err != nil {
		_ = conn.Close()
		return nil, mapError(err)
	}
	return l, nil
}

// keyOf hashes name within this warehouse: advisory locks are per server,
// so the database and schema are part of every key.
func (l *lockConn) keyOf(name string) int32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(l.where + "\x00" + name))
	return int32(h.Sum32())
}

// take takes a, waiting for it with wait. Otherwise a busy lock is refused
// at once (ErrLocked, naming its holders) unless every holder is a process
// of this host that is gone: then it is retried for lockGrace, the moment
// the server takes to notice. Holders the server cannot place get a short
// grace (see graceFor).
func (l *lockConn) take(ctx context.Context, a advisory, wait bool) error {
	if wait {
		_, err := l.conn.ExecContext(ctx, "SELECT "+a.fn("pg_advisory_lock")+"($1, $2)", a.class, a.key)
		return l.taken(a, err)
	}
	ctx, cancel := context.WithTimeout(ctx, lockQueryTimeout)
	defer cancel()
	try := func() (bool, error) {
		var got bool
		err := l.conn.QueryRowContext(ctx, "SELECT "+a.fn("pg_try_advisory_lock")+"($1, $2)", a.class, a.key).Scan(&got)
		return got, mapError(err)
	}
	got, err := try()
	if err != nil || got {
		return l.taken(a, err)
	}
	holders, err := l.holders(ctx, a)
	if err != nil {
		return err
	}
	err = retryLock(ctx, false, graceFor(holders), try)
	if errors.Is(err, ErrLocked) && len(holders) > 0 {
		return &heldByError{who: listHolders(holders)}
	}
	return l.taken(a, err)
}

func (l *lockConn) taken(a advisory, err error) error {
	if err == nil {
		l.held = append(l.held, a)
	}
	return mapError(err)
}

// holders returns the application names of the sessions that keep a from
// being granted: for a shared lock the exclusive holders and waiters, for
// an exclusive lock every holder.
func (l *lockConn) holders(ctx context.Context, a advisory) ([]string, error) {
	rows, err := l.conn.QueryContext(ctx, `SELECT COALESCE(NULLIF(act.application_name, ''), 'backend pid ' || lk.pid)
		FROM pg_locks lk LEFT JOIN pg_stat_activity act ON act.pid = lk.pid
		WHERE lk.locktype = 'advisory' AND lk.objsubid = 2 AND lk.classid::bigint = $1 AND lk.objid::bigint = $2
		  AND lk.pid <> pg_backend_pid() AND (CASE WHEN $3 THEN lk.mode = 'ExclusiveLock' ELSE lk.granted END)
		ORDER BY lk.pid`, int64(uint32(a.class)), int64(uint32(a.key)), a.shared)
	if err != nil {
		return nil, mapError(err)
	}
	defer func() { _ = rows.Close() }()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, mapError(err)
		}
		names = append(names, n)
	}
	return names, mapError(rows.Err())
}

// release gives every lock back and the connection to the pool, within
// releaseTimeout; a connection that cannot is closed instead, which ends
// its session and so its locks.
func (l *lockConn) release() {
	ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
	defer cancel()
	stmt := []string{"set_config('application_name', $1, false)"}
	args := []any{l.appName}
	for i := len(l.held) - 1; i >= 0; i-- {
		a := l.held[i]
		stmt = append(stmt, fmt.Sprintf("%s(%d, %d)", a.fn("pg_advisory_unlock"), a.class, a.key))
	}
	if _, err := l.conn.ExecContext(ctx, "SELECT "+strings.Join(stmt, ", "), args...); err != nil {
		dbopen.Discard(l.conn)
	}
	_ = l.conn.Close()
}

// lockAdvisory takes the warehouse lock shared and then the pipeline's
// lock, both on one connection held for the run.
func (s *Store) lockAdvisory(ctx context.Context, pipeline string, wait bool) (func(), error) {
	l, err := s.openLockConn(ctx)
	if err != nil {
		return nil, err
	}
	if err := l.take(ctx, advisory{class: warehouseClass, key: l.keyOf(""), shared: true}, wait); err != nil {
		l.release()
		return nil, warehouseRefusal(shared, err)
	}
	if err := l.take(ctx, advisory{class: lockClass, key: l.keyOf(pipeline)}, wait); err != nil {
		l.release()
		return nil, err
	}
	return l.release, nil
}

// lockWarehouseAdvisory takes the warehouse lock alone, on a connection
// held until release.
func (s *Store) lockWarehouseAdvisory(ctx context.Context, mode lockMode, wait bool) (func(), error) {
	l, err := s.openLockConn(ctx)
	if err != nil {
		return nil, err
	}
	if err := l.take(ctx, advisory{class: warehouseClass, key: l.keyOf(""), shared: mode == shared}, wait); err != nil {
		l.release()
		return nil, warehouseRefusal(mode, err)
	}
	return l.release, nil
}
