package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/warehouse-loader/loader/internal/dblock"
	"github.com/warehouse-loader/loader/repository/driver"
)

// take runs try until it holds, as dblock.Conn.Take does: with wait until
// ctx ends; else a busy lock is retried for the grace its holders allow
// (another client's lock: dblock.ShortGrace, a killed client's
// connection being closed within a round trip), then refused with a
// *dblock.HeldError naming them.
func take(ctx context.Context, wait bool, try func(context.Context) (bool, error), holders func(context.Context) ([]string, error)) error {
	if wait {
		return dblock.Retry(ctx, true, 0, func() (bool, error) { return try(ctx) })
	}
	ctx, cancel := context.WithTimeout(ctx, dblock.StatementTimeout)
	defer cancel()
	got, err := try(ctx)
	if err != nil || got {
		return err
	}
	who, err := holders(ctx)
	if err != nil {
		return err
	}
	err = dblock.Retry(ctx, false, dblock.GraceFor(who), func() (bool, error) { return try(ctx) })
	if errors.Is(err, dblock.ErrBusy) && len(who) > 0 {
		return &dblock.HeldError{Holders: who}
	}
	return err
}

// LockPipeline takes the warehouse lock shared (LockWarehouse), then the
// lock that lets one run of pipeline at a time use this warehouse: GET_LOCK
// on a connection held until release. A busy lock is ErrLocked (naming its
// holder when known), or with wait, waited for until ctx ends.
func (d Driver) LockPipeline(ctx context.Context, db *sql.DB, cfg driver.Config, pipeline string, wait bool) (func(), error) {
	return driver.Both(ctx, wait, func(ctx context.Context, wait bool) (func(), error) {
		return d.LockWarehouse(ctx, db, cfg, false, wait)
	}, func(ctx context.Context, wait bool) (func(), error) {
		return lockNamed(ctx, db, "pipeline", pipeline, wait)
	})
}

// LockMigrations serialises migrations of this warehouse across
// processes, waiting for the lock until ctx ends.
func (Driver) LockMigrations(ctx context.Context, db *sql.DB, _ driver.Config) (func(), error) {
	release, err := lockNamed(ctx, db, "migrations", "", true)
	if err != nil {
		return nil, fmt.Errorf("migrations: taking the migration lock: %w", err)
	}
	return release, nil
}

// lockNamed takes the user lock kind.key on a connection of its own.
func lockNamed(ctx context.Context, db *sql.DB, kind, key string, wait bool) (func(), error) {
	c, err := openLock(ctx, db)
	if err != nil {
		return nil, wrap(err)
	}
	name := c.name(kind, key)
	err = take(ctx, wait, func(ctx context.Context) (bool, error) {
		got, err := c.try(ctx, name)
		return err == nil && got[0], err
	}, func(ctx context.Context) ([]string, error) { return c.holders(ctx, name) })
	if err != nil {
		c.release()
		return nil, fmt.Errorf("locking %s %s: %w", kind, key, driver.Locked(err))
	}
	return c.release, nil
}
