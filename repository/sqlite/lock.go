package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/warehouse-loader/loader/internal/dblock"
	"github.com/warehouse-loader/loader/repository/driver"
)

// LockPipeline takes the warehouse lock shared, then the pipeline's. On
// Linux both are open-file-description locks on bytes of the database
// file far beyond the bytes SQLite locks itself (lock_linux.go); elsewhere
// an flock on the whole file, so one run per SQLite file at a time. An
// in-memory database, which only its own Store reaches, is locked in the
// process.
func (d *Driver) LockPipeline(ctx context.Context, _ *sql.DB, cfg driver.Config, pipeline string, wait bool) (func(), error) {
	u := cfg.URL
	h := fnv.New32a()
	_, _ = h.Write([]byte(pipeline))
	key := h.Sum32()
	if u.Memory() {
		return driver.Both(ctx, wait, func(ctx context.Context, wait bool) (func(), error) {
			return d.lockInProcessSchema(ctx, false, wait)
		}, func(ctx context.Context, wait bool) (func(), error) {
			return d.lockInProcess(ctx, uint64(driver.LockSpace(pipeline))<<32|uint64(key), wait)
		})
	}
	return driver.Both(ctx, wait, func(ctx context.Context, wait bool) (func(), error) {
		return lockFileSchema(ctx, u.Path, false, wait)
	}, func(ctx context.Context, wait bool) (func(), error) {
		return lockFileByte(ctx, u.Path, driver.LockSpace(pipeline), key, wait)
	})
}

// LockWarehouse takes the warehouse lock of the file (or of the in-memory
// database).
func (d *Driver) LockWarehouse(ctx context.Context, _ *sql.DB, cfg driver.Config, exclusive, wait bool) (func(), error) {
	u := cfg.URL
	if u.Memory() {
		return d.lockInProcessSchema(ctx, exclusive, wait)
	}
	return lockFileSchema(ctx, u.Path, exclusive, wait)
}

// LockMigrations takes an exclusive flock on the file, waiting until it is
// free or ctx ends; an in-memory database needs none.
func (*Driver) LockMigrations(ctx context.Context, _ *sql.DB, cfg driver.Config) (func(), error) {
	u := cfg.URL
	if u.Memory() {
		return func() {}, nil
	}
	release, err := dblock.Flock(ctx, u.Path, true, true)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, fmt.Errorf("migrations: waiting for the migration lock on %s: %w", u.Path, err)
	case err != nil:
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return release, nil
}

func (d *Driver) lockInProcess(ctx context.Context, key uint64, wait bool) (func(), error) {
	err := driver.Retry(ctx, wait, 0, func() (bool, error) {
		_, busy := d.memPipelines.LoadOrStore(key, true)
		return !busy, nil
	})
	if err != nil {
		return nil, err
	}
	return func() { d.memPipelines.Delete(key) }, nil
}

// lockInProcessSchema is the warehouse lock of an in-memory database.
func (d *Driver) lockInProcessSchema(ctx context.Context, exclusive, wait bool) (func(), error) {
	err := driver.Retry(ctx, wait, 0, func() (bool, error) { return d.memWarehouse.try(exclusive), nil })
	if err != nil {
		return nil, driver.WarehouseRefusal(exclusive, err)
	}
	return func() { d.memWarehouse.release(exclusive) }, nil
}

// rwTry is a reader/writer lock that is only ever tried, never blocked on,
// so that driver.Retry can wait for it under a context.
type rwTry struct {
	mu      sync.Mutex
	readers int
	writer  bool
}

func (l *rwTry) try(exclusive bool) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.writer, exclusive && l.readers > 0:
		return false
	case exclusive:
		l.writer = true
	default:
		l.readers++
	}
	return true
}

func (l *rwTry) release(exclusive bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if exclusive {
		l.writer = false
	} else {
		l.readers--
	}
}
