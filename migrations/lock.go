package migrations

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/warehouse-loader/loader/internal/dblock"
	"github.com/warehouse-loader/loader/internal/dburl"
)

// locked runs fn while holding a lock that serialises migrations across
// processes: a PostgreSQL advisory lock (held on its own connection), or an
// flock on the SQLite file. A second `migrate up` waits for the first, then
// finds nothing to do.
func (mg *Migrator) locked(ctx context.Context, fn func() error) error {
	unlock, err := mg.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return fn()
}

func (mg *Migrator) lock(ctx context.Context) (func(), error) {
	switch {
	case mg.url.Dialect == dburl.Postgres:
		return mg.lockPostgres(ctx)
	case mg.url.Memory():
		return func() {}, nil
	default:
		return lockFile(ctx, mg.url.Path)
	}
}

// lockPostgres takes a session advisory lock keyed on the database and
// schema, so migrations of other warehouses on the server do not wait,
// on a connection of its own released within dblock.ReleaseTimeout.
func (mg *Migrator) lockPostgres(ctx context.Context) (func(), error) {
	conn, err := dblock.Open(ctx, mg.db, "")
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

// lockFile takes an exclusive flock on path, waiting until it is free or ctx
// ends.
func lockFile(ctx context.Context, path string) (func(), error) {
	release, err := dblock.Flock(ctx, path, true, true)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return nil, fmt.Errorf("migrations: waiting for the migration lock on %s: %w", path, err)
	case err != nil:
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return release, nil
}
