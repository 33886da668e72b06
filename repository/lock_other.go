//go:build !linux

package repository

import (
	"context"
	"fmt"
	"os"
	"syscall"
)

// lockFileByte takes an flock on the whole SQLite file where Linux's
// open-file-description byte locks are missing: runs of different
// pipelines on one file then wait for each other too.
func lockFileByte(ctx context.Context, path string, _ uint32, wait bool) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("opening %s to lock it: %w", path, err)
	}
	err = retryLock(ctx, wait, 0, func() (bool, error) {
		return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil, nil
	})
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); _ = f.Close() }, nil
}

// lockFileSchema takes nothing off Linux: the whole-file flock of a run
// (lockFileByte) and the one of a migration (package migrations) already
// exclude each other there, a migration waiting for the run to end rather
// than being refused.
func lockFileSchema(context.Context, string, lockMode, bool) (func(), error) {
	return func() {}, nil
}
