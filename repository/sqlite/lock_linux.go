//go:build linux

package sqlite

import (
	"context"

	"github.com/warehouse-loader/loader/internal/dblock"
	"github.com/warehouse-loader/loader/repository/driver"
)

// lockBase is where the pipeline lock bytes start in the SQLite file: far
// past SQLite's own lock bytes (at 1 GiB) and any real file size. The byte
// just before it is the warehouse lock.
const lockBase = 1 << 50

// lockFileByte takes the pipeline lock of key: an exclusive
// open-file-description lock on its byte (see dblock.LockByte).
func lockFileByte(ctx context.Context, path string, space int, key uint32, wait bool) (func(), error) {
	release, err := dblock.LockByte(ctx, path, lockBase+int64(space)<<32+int64(key), false, wait)
	return release, driver.Locked(err)
}

// lockFileSchema takes the warehouse lock: a read lock on its byte for a
// run, a write lock for a schema change.
func lockFileSchema(ctx context.Context, path string, exclusive bool, wait bool) (func(), error) {
	release, err := dblock.LockByte(ctx, path, lockBase-1, !exclusive, wait)
	if err != nil {
		return nil, driver.WarehouseRefusal(exclusive, driver.Locked(err))
	}
	return release, nil
}
