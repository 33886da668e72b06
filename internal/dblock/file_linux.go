//go:build linux

package dblock

import (
	"context"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// LockByte takes an open-file-description lock on byte at of the file at
// path, shared (a read lock) or exclusive (a write lock), waiting with
// wait until ctx ends, else refused with ErrBusy. Such locks belong to the
// open file, not the process (so two opens in one process exclude each
// other), are independent of the POSIX locks SQLite takes and of flock,
// and vanish when the process ends. Linux only.
func LockByte(ctx context.Context, path string, at int64, shared, wait bool) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("opening %s to lock it: %w", path, err)
	}
	typ := int16(unix.F_WRLCK)
	if shared {
		typ = unix.F_RDLCK
	}
	lk := unix.Flock_t{Type: typ, Whence: 0, Start: at, Len: 1}
	err = Retry(ctx, wait, 0, func() (bool, error) {
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
