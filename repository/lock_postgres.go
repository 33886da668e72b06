package repository

import (
	"context"

	"github.com/warehouse-loader/loader/internal/dblock"
)

// Advisory lock classes: the first of the two int keys, namespacing the
// loader's locks among other advisory locks.
const (
	lockClass      = 0x10AD // pipeline locks; the second key hashes the pipeline
	warehouseClass = 0x10AE // the warehouse lock; the second key hashes the warehouse
)

// openLockConn takes a connection held for session advisory locks, named
// in pg_stat_activity after this process (see dblock.HolderName).
func (s *Store) openLockConn(ctx context.Context) (*dblock.Conn, error) {
	l, err := dblock.Open(ctx, s.sqlDB, dblock.HolderName)
	return l, mapError(err)
}

// take takes the lock on l, refused or waited for as dblock.Conn.Take
// says, a refusal being ErrLocked.
func take(ctx context.Context, l *dblock.Conn, lk dblock.Lock, wait bool) error {
	return lockedError(mapError(l.Take(ctx, lk, wait)))
}

// warehouseLock is the warehouse lock of l's warehouse.
func warehouseLock(l *dblock.Conn, mode lockMode) dblock.Lock {
	return dblock.Lock{Key: dblock.Pair(warehouseClass, l.Hash32("")), Shared: mode == shared}
}

// lockAdvisory takes the warehouse lock shared and then the pipeline's
// lock, both on one connection held for the run.
func (s *Store) lockAdvisory(ctx context.Context, pipeline string, wait bool) (func(), error) {
	l, err := s.openLockConn(ctx)
	if err != nil {
		return nil, err
	}
	if err := take(ctx, l, warehouseLock(l, shared), wait); err != nil {
		l.Release()
		return nil, warehouseRefusal(shared, err)
	}
	if err := take(ctx, l, dblock.Lock{Key: dblock.Pair(lockClass, l.Hash32(pipeline))}, wait); err != nil {
		l.Release()
		return nil, err
	}
	return l.Release, nil
}

// lockWarehouseAdvisory takes the warehouse lock alone, on a connection
// held until release.
func (s *Store) lockWarehouseAdvisory(ctx context.Context, mode lockMode, wait bool) (func(), error) {
	l, err := s.openLockConn(ctx)
	if err != nil {
		return nil, err
	}
	if err := take(ctx, l, warehouseLock(l, mode), wait); err != nil {
		l.Release()
		return nil, warehouseRefusal(mode, err)
	}
	return l.Release, nil
}
