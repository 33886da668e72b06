package repository

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/warehouse-loader/loader/internal/dblock"
	"github.com/warehouse-loader/loader/internal/dburl"
)

// LockPipeline takes the lock that lets one run of pipeline at a time use
// this warehouse, and returns the function that releases it. When another
// run holds it, LockPipeline returns an error wrapping ErrLocked, or with
// wait set, waits until it is free or ctx ends.
//
// The run also holds the warehouse shared (see LockSchemaChange) until
// release, so the schema cannot change under it: while a migration holds
// the warehouse, LockPipeline returns an error wrapping ErrSchemaChanging,
// or with wait set, waits for the migration to end.
//
// PostgreSQL: session advisory locks on a connection held for the run,
// refused at once unless the holder may be a client just killed (see
// lock_postgres.go). SQLite: on Linux, open-file-description locks on
// bytes of the database file far beyond the bytes SQLite locks itself
// (lock_linux.go); elsewhere an flock on the whole file, so one run per
// SQLite file at a time. All vanish with the process, so a killed run never
// leaves a stale lock.
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
		release, err = both(ctx, wait, func(ctx context.Context, wait bool) (func(), error) {
			return lockInProcessSchema(ctx, s, shared, wait)
		}, func(ctx context.Context, wait bool) (func(), error) {
			return lockInProcess(ctx, s, key, wait)
		})
	default:
		release, err = both(ctx, wait, func(ctx context.Context, wait bool) (func(), error) {
			return lockFileSchema(ctx, s.url.Path, shared, wait)
		}, func(ctx context.Context, wait bool) (func(), error) {
			return lockFileByte(ctx, s.url.Path, key, wait)
		})
	}
	if err != nil {
		return nil, fmt.Errorf("pipeline %s: %w", pipeline, err)
	}
	return release, nil
}

// lockFunc takes one lock and returns its release.
type lockFunc func(ctx context.Context, wait bool) (func(), error)

// both takes the warehouse lock, then the pipeline lock, and releases them
// in the opposite order.
func both(ctx context.Context, wait bool, warehouse, pipeline lockFunc) (func(), error) {
	releaseWarehouse, err := warehouse(ctx, wait)
	if err != nil {
		return nil, err
	}
	releasePipeline, err := pipeline(ctx, wait)
	if err != nil {
		releaseWarehouse()
		return nil, err
	}
	return func() { releasePipeline(); releaseWarehouse() }, nil
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

// retryLock is dblock.Retry with this package's sentinel: a lock still
// busy when it gives up is ErrLocked.
func retryLock(ctx context.Context, wait bool, grace time.Duration, try func() (bool, error)) error {
	return lockedError(dblock.Retry(ctx, wait, grace, try))
}

// lockedError turns dblock's refusal into ErrLocked (naming the holders
// when the database told them); other errors pass as they are.
func lockedError(err error) error {
	var held *dblock.HeldError
	switch {
	case errors.As(err, &held):
		return &heldByError{who: held.Who()}
	case errors.Is(err, dblock.ErrBusy):
		return ErrLocked
	}
	return err
}
