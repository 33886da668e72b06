package repository

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// LockPipeline takes the lock that lets one run of pipeline at a time use
// this warehouse, and returns the function that releases it. When another
// run holds it, LockPipeline returns an error wrapping ErrLocked (on
// PostgreSQL after a grace of a few seconds, see lockGrace), or with wait
// set, waits until it is free or ctx ends.
//
// PostgreSQL: a session advisory lock on a connection held for the run.
// SQLite: an open-file-description lock on one byte of the database file,
// far beyond the bytes SQLite locks itself. Both vanish with the process,
// so a killed run never leaves a stale lock.
func (s *Store) LockPipeline(ctx context.Context, pipeline string, wait bool) (func(), error) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(pipeline))
	key := h.Sum32()
	var (
		release func()
		err     error
	)
	switch {
	case s.url.Dialect == dburl.Postgres:
		release, err = s.lockAdvisory(ctx, pipeline, wait)
	case s.url.Memory():
		release, err = lockInProcess(ctx, s, key, wait)
	default:
		release, err = lockFileByte(ctx, s.url.Path, key, wait)
	}
	if err != nil {
		return nil, fmt.Errorf("pipeline %s: %w", pipeline, err)
	}
	return release, nil
}

const lockClass = 0x10AD // namespaces the pipeline locks among advisory locks

// lockGrace is how long a run that is not told to wait keeps trying a
// PostgreSQL pipeline lock before refusing: a killed run's backend releases
// its lock only when it notices the closed connection, a moment later.
const lockGrace = 3 * time.Second

func (s *Store) lockAdvisory(ctx context.Context, pipeline string, wait bool) (func(), error) {
	conn, err := s.sqlDB.Conn(ctx)
	if err != nil {
		return nil, mapError(err)
	}
	// Advisory locks are per database cluster: key on the database and the
	// schema too, so warehouses in other schemas or databases do not
	// block each other.
	var where string
	err = conn.QueryRowContext(ctx, "SELECT current_database() || '.' || current_schema()").Scan(&where)
	if err != nil {
		_ = conn.Close()
		return nil, mapError(err)
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(where + "\x00" + pipeline))
	key := h.Sum32()
	if wait {
		_, err = conn.ExecContext(ctx, "SELECT pg_advisory_lock($1, $2)", lockClass, int32(key))
	} else {
		err = tryAdvisory(ctx, conn, key)
	}
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1, $2)", lockClass, int32(key))
		_ = conn.Close()
	}, nil
}

func tryAdvisory(ctx context.Context, conn *sql.Conn, key uint32) error {
	deadline := time.Now().Add(lockGrace)
	for {
		var got bool
		err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1, $2)", lockClass, int32(key)).Scan(&got)
		switch {
		case err != nil:
			return mapError(err)
		case got:
			return nil
		case time.Now().After(deadline):
			return ErrLocked
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// lockBase is where the pipeline lock bytes start in the SQLite file: far
// past SQLite's own lock bytes (at 1 GiB) and any real file size.
const lockBase = 1 << 50

func lockFileByte(ctx context.Context, path string, key uint32, wait bool) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("opening %s to lock it: %w", path, err)
	}
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: lockBase + int64(key), Len: 1}
	for {
		err := unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk)
		if err == nil {
			return func() {
				lk.Type = unix.F_UNLCK
				_ = unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk)
				_ = f.Close()
			}, nil
		}
		if err != unix.EAGAIN && err != unix.EACCES {
			_ = f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if !wait {
			_ = f.Close()
			return nil, ErrLocked
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

var memLocks sync.Map // *Store → *sync.Map of held keys

func lockInProcess(ctx context.Context, s *Store, key uint32, wait bool) (func(), error) {
	held, _ := memLocks.LoadOrStore(s, &sync.Map{})
	m, _ := held.(*sync.Map)
	for {
		if _, busy := m.LoadOrStore(key, true); !busy {
			return func() { m.Delete(key) }, nil
		}
		if !wait {
			return nil, ErrLocked
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
