// Package dbopen holds what the Store (repository) and the migrator
// (migrations) share when they open the warehouse database: pgx's connect
// timeout for every new PostgreSQL connection, and the one-line reason a
// SQLite file cannot be opened.
package dbopen

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// ConnectTimeout is the database/sql option that bounds each new
// connection of a pgx pool by d (pgx's connect_timeout), unless the URL's
// connect_timeout or PGCONNECT_TIMEOUT set one. 0 means no limit.
func ConnectTimeout(d time.Duration) stdlib.OptionOpenDB {
	return stdlib.OptionBeforeConnect(func(_ context.Context, cfg *pgx.ConnConfig) error {
		if cfg.ConnectTimeout == 0 {
			cfg.ConnectTimeout = d
		}
		return nil
	})
}
