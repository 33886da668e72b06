//go:build linux

package repository

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// lockBase is where the pipeline lock bytes start in the SQLite file: far
// past SQLite's own lock bytes (at 1 GiB) and any real file size.
const lockBase = 1 << 50

func lockFileByte(ctx context.Context, path string, key uint32, wait bool) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("opening %s to lock it: %w", path, err)
	}
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: lockBase + int64(key), Len: 1}
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
