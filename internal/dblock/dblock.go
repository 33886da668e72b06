// Package dblock holds the lock mechanics that the pipeline lock
// (repository) and the migration lock (migrations) share: one retry loop,
// PostgreSQL session advisory locks on a dedicated connection with a
// bounded release, file locks for SQLite, and the bounds and grace rules
// that go with them. The callers choose the keys and say what a refusal
// means to their users.
package dblock

import (
	"context"
	"errors"
	"time"
)

// Bounds on lock statements, in one place for every lock of the loader.
const (
	// StatementTimeout bounds the lock statements that do not wait for a
	// lock: setting up the lock connection and trying a lock. A lock that
	// is waited for waits until its context ends.
	StatementTimeout = 10 * time.Second
	// ReleaseTimeout bounds giving locks back; a connection that cannot is
	// closed instead, which ends its session and so its locks.
	ReleaseTimeout = 2 * time.Second
	// PollInterval is how often a busy lock is tried again.
	PollInterval = 100 * time.Millisecond
)

// ErrBusy is returned when a lock is held by someone else and is not
// waited for (or its grace ran out). Callers turn it into their own
// sentinel (repository.ErrLocked, ErrInUse, ErrSchemaChanging).
var ErrBusy = errors.New("lock held by another session")

// Retry calls try until it takes the lock (true) or fails. While the lock
// is busy it tries again every PollInterval: until ctx ends with wait
// (returning ctx.Err()), else for grace, then it returns ErrBusy.
func Retry(ctx context.Context, wait bool, grace time.Duration, try func() (bool, error)) error {
	giveUp := time.Now().Add(grace)
	for {
		got, err := try()
		switch {
		case err != nil:
			return err
		case got:
			return nil
		case !wait && !time.Now().Before(giveUp):
			return ErrBusy
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(PollInterval):
		}
	}
}
