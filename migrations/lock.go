package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"os"
	"syscall"
	"time"

	"github.com/warehouse-loader/loader/internal/dbopen"
	"github.com/warehouse-loader/loader/internal/dburl"
)

// locked runs fn while holding a lock that serialises migrations across
// processes: a PostgreSQL advisory lock (held on its own connection), or an
// flock on the SQLite file. A second `migrate up` waits for the first, then
// finds nothing to do.
func (mg *Migrator) locked(ctx context.Context, fn func() error) error {
	unlock, err := mg.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return fn()
}

func (mg *Migrator) lock(ctx context.Context) (func(), error) {
	switch {
	case mg.url.Dialect == dburl.Postgres:
		return mg.lockPostgres(ctx)
	case mg.url.Memory():
		return func() {}, nil
	default:
		return lockFile(ctx, mg.url.Path)
	}
}

// releaseTimeout bounds giving a lock back.
const releaseTimeout = 2 * time.Second

// lockPostgres takes a session advisory lock keyed on the database and
// schema, so migrations of other warehouses on the server do not wait.
func (mg *Migrator) lockPostgres(ctx context.Context) (func(), error) {
	conn, err := mg.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations: taking the migration lock: %w", err)
	}
	var where string
	qctx, cancel := context.WithTimeout(ctx, openTimeout)
	err = conn.QueryRowContext(qctx, "SELECT current_database() || '.' || current_schema()").Scan(&where)
	cancel()
	if err == nil {
		h := fnv.New64a()
		_, _ = h.Write([]byte("warehouse-loader/migrations\x00" + where))
		key := int64(h.Sum64())
		if _, err = conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err == nil {
			return func() { unlockPostgres(conn, key) }, nil
		}
	}
	_ = conn.Close()
	return nil, fmt.Errorf("migrations: taking the migration lock: %w", err)
}

// unlockPostgres gives the lock back within releaseTimeout; a connection
// that cannot is closed rather than pooled, which ends its session and so
// its lock.
func unlockPostgres(conn *sql.Conn, key int64) {
	ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
	defer cancel()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", key); err != nil {
		dbopen.Discard(conn)
	}
	_ = conn.Close()
}

// lockFile takes an exclusive flock on path, waiting until it is free or ctx
// ends. flock is independent of the POSIX locks SQLite itself uses.
func lockFile(ctx context.Context, path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("migrations: opening %s to lock it: %w", path, err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); _ = f.Close() }, nil
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, fmt.Errorf("migrations: waiting for the migration lock on %s: %w", path, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
