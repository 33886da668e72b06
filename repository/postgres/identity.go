package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/repository/driver"
)

// Identity is the cluster's system identifier, the database and the
// current schema. When the role may not call pg_control_system(), the
// host and port of the URL stand in for the cluster.
func (*Driver) Identity(ctx context.Context, db *sql.DB, cfg driver.Config) (string, error) {
	var name string
	var schema sql.NullString
	err := db.QueryRowContext(ctx, "SELECT current_database(), current_schema()").Scan(&name, &schema)
	if err != nil {
		return "", err
	}
	cluster, err := clusterOf(ctx, db, cfg.URL)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("postgres %s database %q schema %q", cluster, name, schema.String), nil
}

// clusterOf returns "system N", or "host H:P" when the role may not read
// the system identifier.
func clusterOf(ctx context.Context, db *sql.DB, u dburl.URL) (string, error) {
	var allowed bool
	err := db.QueryRowContext(ctx, "SELECT has_function_privilege('pg_catalog.pg_control_system()', 'EXECUTE')").Scan(&allowed)
	if err != nil {
		return "", err
	}
	if !allowed {
		return "host " + hostPort(u.Raw()), nil
	}
	var system int64
	if err := db.QueryRowContext(ctx, "SELECT system_identifier FROM pg_catalog.pg_control_system()").Scan(&system); err != nil {
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
