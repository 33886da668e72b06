package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"

	"github.com/warehouse-loader/loader/internal/dblock"
	"github.com/warehouse-loader/loader/repository/driver"
)

// Advisory lock classes: the first of the two int keys, namespacing the
// loader's locks among other advisory locks.
const (
	lockClass      = 0x10AD // pipeline locks; the second key hashes the pipeline
	unitClass      = 0x10AF // the locks of the files of a pipeline reading many
	runClass       = 0x10B0 // the locks workers' runs hold while alive
	warehouseClass = 0x10AE // the warehouse lock; the second key hashes the warehouse
)

// openLockConn takes a connection held for session advisory locks, named
// in pg_stat_activity after this process (see dblock.HolderName).
func openLockConn(ctx context.Context, db *sql.DB) (*dblock.Conn, error) {
	l, err := dblock.Open(ctx, db, dblock.HolderName)
	return l, mapError(err)
}

// take takes the lock on l, refused or waited for as dblock.Conn.Take
// says, a refusal being ErrLocked.
func take(ctx context.Context, l *dblock.Conn, lk dblock.Lock, wait bool) error {
	return driver.Locked(mapError(l.Take(ctx, lk, wait)))
}

// warehouseLock is the warehouse lock of l's warehouse.
func warehouseLock(l *dblock.Conn, exclusive bool) dblock.Lock {
	return dblock.Lock{Key: dblock.Pair(warehouseClass, l.Hash32("")), Shared: !exclusive}
}

// LockPipeline takes the warehouse lock shared and then the pipeline's
// lock, both session advisory locks on one connection held for the run,
// refused at once unless the holder may be a client just killed.
func (*Driver) LockPipeline(ctx context.Context, db *sql.DB, _ driver.Config, pipeline string, wait bool) (func(), error) {
	l, err := holdWarehouse(ctx, db, false, wait)
	if err != nil {
		return nil, err
	}
	class := [...]int32{driver.SpacePipeline: lockClass, driver.SpaceUnit: unitClass, driver.SpaceRun: runClass}[driver.LockSpace(pipeline)]
	if err := take(ctx, l, dblock.Lock{Key: dblock.Pair(class, l.Hash32(pipeline))}, wait); err != nil {
		l.Release()
		return nil, err
	}
	return l.Release, nil
}

// LockWarehouse takes the warehouse lock alone, on a connection held until
// release.
func (*Driver) LockWarehouse(ctx context.Context, db *sql.DB, _ driver.Config, exclusive, wait bool) (func(), error) {
	l, err := holdWarehouse(ctx, db, exclusive, wait)
	if err != nil {
		return nil, err
	}
	return l.Release, nil
}

// holdWarehouse takes the warehouse lock on a connection of its own, which
// it returns to take more locks on or to release.
func holdWarehouse(ctx context.Context, db *sql.DB, exclusive, wait bool) (*dblock.Conn, error) {
	l, err := openLockConn(ctx, db)
	if err != nil {
		return nil, err
	}
	if err := take(ctx, l, warehouseLock(l, exclusive), wait); err != nil {
		l.Release()
		return nil, driver.WarehouseRefusal(exclusive, err)
	}
	return l, nil
}

// LockMigrations takes a session advisory lock keyed on the database and
// schema, so migrations of other warehouses on the server do not wait,
// on a connection of its own released within dblock.ReleaseTimeout.
func (*Driver) LockMigrations(ctx context.Context, db *sql.DB, _ driver.Config) (func(), error) {
	conn, err := dblock.Open(ctx, db, "")
	if err != nil {
		return nil, fmt.Errorf("migrations: taking the migration lock: %w", err)
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte("warehouse-loader/migrations\x00" + conn.Where()))
	if err := conn.Take(ctx, dblock.Lock{Key: dblock.Single(int64(h.Sum64()))}, true); err != nil {
		conn.Release()
		return nil, fmt.Errorf("migrations: taking the migration lock: %w", err)
	}
	return conn.Release, nil
}
