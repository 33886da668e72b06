package dblock

import (
	"context"
	"fmt"
	"os"
	"syscall"
)

// Flock takes an exclusive flock on the whole file at path, waiting with
// wait until ctx ends (returning ctx.Err()), else refused with ErrBusy.
// With create, a missing file is created. flock is independent of the
// POSIX locks SQLite itself uses.
func Flock(ctx context.Context, path string, create, wait bool) (func(), error) {
	flag := os.O_RDWR
	if create {
		flag |= os.O_CREATE
	}
	f, err := os.OpenFile(path, flag, 0o644) //nolint:gosec // G302: the warehouse file itself, with SQLite's own default mode
	if err != nil {
		return nil, fmt.Errorf("opening %s to lock it: %w", path, err)
	}
	err = Retry(ctx, wait, 0, func() (bool, error) {
		return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil, nil
	})
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); _ = f.Close() }, nil
}
