package repository

import (
	"context"
	"fmt"
)

// DatabaseIdentity names the database the store reads, whatever the URL's
// spelling (127.0.0.1 or localhost, extra parameters such as
// application_name): for PostgreSQL the cluster's system identifier, the
// database and the current schema; for SQLite the absolute path of the main
// database file, or "memory" (driver.Connector.Identity). When the role may
// not call pg_control_system(), the host and port of the URL stand in for
// the cluster. It queries the database, under the statement timeout (see
// WithStatementTimeout): call it once per source.
func (s *Store) DatabaseIdentity(ctx context.Context) (string, error) {
	ctx, done := limit(ctx, s.statementTimeout)
	id, err := s.drv.Identity(ctx, s.sqlDB, s.config())
	if err = done(mapError(err)); err != nil {
		return "", fmt.Errorf("naming the database %s: %w", s.url, err)
	}
	return id, nil
}
