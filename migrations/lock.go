package migrations

import (
	"context"

	"github.com/warehouse-loader/loader/repository/driver"
)

// locked runs fn while holding a lock that serialises migrations across
// processes, the driver's (driver.Locker.LockMigrations): a PostgreSQL
// advisory lock held on its own connection, an flock on the SQLite file. A second `migrate up` waits for the first, then
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
	return mg.dbd.LockMigrations(ctx, mg.db, driver.Config{URL: mg.url, ConnectTimeout: mg.connectTimeout})
}
