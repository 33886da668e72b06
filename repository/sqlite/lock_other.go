//go:build !linux

package sqlite

import (
	"context"

	"github.com/warehouse-loader/loader/internal/dblock"
	"github.com/warehouse-loader/loader/repository/driver"
)

// lockFileByte takes an flock on the whole SQLite file where Linux's
// open-file-description byte locks are missing: runs of different
// pipelines on one file then wait for each other too. The locks of the
// files of a many-file load and of workers' runs are not taken there (one
// flock would make a worker wait for itself): a many-file load on such a
// system is one process, holding its pipeline's flock only as it starts.
func lockFileByte(ctx context.Context, path string, space int, _ uint32, wait bool) (func(), error) {
	if space != driver.SpacePipeline {
		return func() {}, nil
	}
	release, err := dblock.Flock(ctx, path, false, wait)
	return release, driver.Locked(err)
}

// lockFileSchema takes nothing off Linux: the whole-file flock of a run
// (lockFileByte) and the one of a migration (package migrations) already
// exclude each other there, a migration waiting for the run to end rather
// than being refused.
func lockFileSchema(context.Context, string, bool, bool) (func(), error) {
	return func() {}, nil
}
