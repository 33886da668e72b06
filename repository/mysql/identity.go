package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/repository/driver"
)

// Identity names the database for source checkpoints, whatever the
// spelling of its URL (127.0.0.1 or localhost, parameters): on MySQL the
// server's @@server_uuid, on MariaDB (which has none) its @@hostname and
// @@port, with the database, DATABASE().
func (Driver) Identity(ctx context.Context, db *sql.DB, _ driver.Config) (string, error) {
	var version, host, database string
	var port int
	err := db.QueryRowContext(ctx, "SELECT VERSION(), @@hostname, @@port, DATABASE()").Scan(&version, &host, &port, &database)
	if err != nil {
		return "", fmt.Errorf("naming the database: %w", err)
	}
	if strings.Contains(strings.ToLower(version), "mariadb") {
		return fmt.Sprintf("mysql mariadb host %s:%d database %q", host, port, database), nil
	}
	var uuid string
	if err := db.QueryRowContext(ctx, "SELECT @@server_uuid").Scan(&uuid); err != nil {
		return "", fmt.Errorf("naming the database: %w", err)
	}
	return fmt.Sprintf("mysql server %s database %q", uuid, database), nil
}
