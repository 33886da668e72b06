//go:build linux

package repository

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lockBase is where the pipeline lock bytes start in the SQLite file: far
// past SQLite's own lock bytes (at 1 GiB) and any real file size. The byte
// just before it is the warehouse lock.
const lockBase = 1 << 50

// lockFileByte takes the pipeline lock of key: an exclusive lock on its
// byte.
func lockFileByte(ctx context.Context, path string, key uint32, wait bool) (func(), error) {
	return lockByte(ctx, path, lockBase+int64(key), unix.F_WRLCK, wait)
}

// lockFileSchema takes the warehouse lock: a read lock on its byte for a
// run, a write lock for a schema change.
func lockFileSchema(ctx context.Context, path string, mode lockMode, wait bool) (func(), error) {
	typ := int16(unix.F_RDLCK)
	if mode == exclusive {
		typ = unix.F_WRLCK
	}
	release, err := lockByte(ctx, path, lockBase-1, typ, wait)
	if err != nil {
		return nil, warehouseRefusal(mode, err)
	}
	return release, nil
}

// lockByte takes an open-file-description lock of type typ on one byte of
// the file. Such locks belong to the open file, not the process (so two
// Stores of one process exclude each other), are independent of the POSIX
// locks SQLite takes, and vanish when the process ends.
func lockByte(ctx context.Context, path string, at int64, typ int16, wait bool) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("opening %s to lock it: %w", path, err)
	}
	lk := unix.Flock_t{Type: typ, Whence: 0, Start: at, Len: 1}
	err = retryLock(ctx, wait, 0, func() (bool, error) {
		switch err := unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk); err {
		case nil:
			return true, nil
		case unix.EAGAIN, unix.EACCES:
			return false, nil
		default:
			return false, fmt.Errorf("locking %s: %w", path, err)
		}
	})
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() {
		lk.Type = unix.F_UNLCK
		_ = unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lk)
		_ = f.Close()
	}, nil
}
