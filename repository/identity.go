package repository

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// DatabaseIdentity names the database the store reads, whatever the URL's
// spelling (127.0.0.1 or localhost, extra parameters such as
// application_name): for PostgreSQL the cluster's system identifier, the
// database and the current schema; for SQLite the absolute path of the main
// database file, or "memory". When the role may not call
// pg_control_system(), the host and port of the URL stand in for the
// cluster. It queries the database, under the statement timeout (see
// WithStatementTimeout): call it once per source.
func (s *Store) DatabaseIdentity(ctx context.Context) (string, error) {
	ctx, done := limit(ctx, s.statementTimeout)
	var id string
	var err error
	if s.url.Dialect == dburl.Postgres {
		id, err = s.postgresIdentity(ctx)
	} else {
		id, err = s.sqliteIdentity(ctx)
	}
	if err = done(mapError(err)); err != nil {
		return "", fmt.Errorf("naming the database %s: %w", s.url, err)
	}
	return id, nil
}

func (s *Store) postgresIdentity(ctx context.Context) (string, error) {
	var db string
	var schema sql.NullString
	err := s.sqlDB.QueryRowContext(ctx, "SELECT current_database(), current_schema()").Scan(&db, &schema)
	if err != nil {
		return "", err
	}
	cluster, err := s.postgresCluster(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("postgres %s database %q schema %q", cluster, db, schema.String), nil
}

// postgresCluster returns "system N", or "host H:P" when the role may not
// read the system identifier.
func (s *Store) postgresCluster(ctx context.Context) (string, error) {
	var allowed bool
	err := s.sqlDB.QueryRowContext(ctx, "SELECT has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')").Scan(&allowed)
	if err != nil {
		return "", err
	}
	if !allowed {
		return "host " + hostPort(s.url.Raw()), nil
	}
	var system int64
	if err := s.sqlDB.QueryRowContext(ctx, "SELECT system_identifier FROM pg_catalog.pg_control_system()").Scan(&system); err != nil {
		return "", err
	}
	return fmt.Sprintf("system %d", system), nil
}

// hostPort returns the URL's host (lower case) and port (5432 by default).
func hostPort(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unknown)"
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		host = u.Query().Get("host") // a Unix socket folder
	}
	if port == "" {
		port = "5432"
	}
	return strings.ToLower(host) + ":" + port
}

func (s *Store) sqliteIdentity(ctx context.Context) (string, error) {
	var file string
	err := s.sqlDB.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file)
	if err != nil {
		return "", err
	}
	if file == "" {
		return "sqlite memory", nil
	}
	if resolved, err := filepath.EvalSymlinks(file); err == nil {
		file = resolved
	}
	return "sqlite " + file, nil
}
