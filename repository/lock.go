package repository

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// LockPipeline takes the lock that lets one run of pipeline at a time use
// this warehouse, and returns the function that releases it. When another
// run holds it, LockPipeline returns an error wrapping ErrLocked (on
// PostgreSQL after a grace of a few seconds, see lockGrace), or with wait
// set, waits until it is free or ctx ends.
//
// PostgreSQL: a session advisory lock on a connection held for the run.
// SQLite: on Linux, an open-file-description lock on one byte of the
// database file, far beyond the bytes SQLite locks itself (lock_linux.go);
// elsewhere an flock on the whole file, so one run per SQLite file at a
// time. All vanish with the process, so a killed run never leaves a stale
// lock.
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
		err = retryLock(ctx, false, lockGrace, func() (bool, error) {
			var got bool
			err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1, $2)", lockClass, int32(key)).Scan(&got)
			return got, mapError(err)
		})
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

var memLocks sync.Map // *Store → *sync.Map of held keys

func lockInProcess(ctx context.Context, s *Store, key uint32, wait bool) (func(), error) {
	held, _ := memLocks.LoadOrStore(s, &sync.Map{})
	m, _ := held.(*sync.Map)
	err := retryLock(ctx, wait, 0, func() (bool, error) {
		_, busy := m.LoadOrStore(key, true)
		return !busy, nil
	})
	if err != nil {
		return nil, err
	}
	return func() { m.Delete(key) }, nil
}

// retryLock calls try until it takes the lock (true) or fails. While the
// lock is busy it tries again every 100 ms: until ctx ends with wait, else
// for the grace period, then it returns ErrLocked.
func retryLock(ctx context.Context, wait bool, grace time.Duration, try func() (bool, error)) error {
	giveUp := time.Now().Add(grace)
	for {
		got, err := try()
		switch {
		case err != nil:
			return err
		case got:
			return nil
		case !wait && !time.Now().Before(giveUp):
			return ErrLocked
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
