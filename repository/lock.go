package repository

import (
	"context"
	"fmt"
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
// The driver takes the locks (driver.Locker), all through internal/dblock:
// PostgreSQL session advisory locks on a connection held for the run,
// refused at once unless the holder may be a client just killed; SQLite
// byte-range locks on the database file (an flock off Linux). All vanish
// with the process, so a killed run never leaves a stale lock.
func (s *Store) LockPipeline(ctx context.Context, pipeline string, wait bool) (func(), error) {
	release, err := s.drv.LockPipeline(ctx, s.sqlDB, s.config(), pipeline, wait)
	if err != nil {
		return nil, fmt.Errorf("pipeline %s: %w", pipeline, err)
	}
	return release, nil
}
