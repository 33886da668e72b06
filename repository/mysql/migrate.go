package mysql

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/golang-migrate/migrate/v4/database"
	migratemysql "github.com/golang-migrate/migrate/v4/database/mysql"
)

// Dir is the folder of migrations/ that holds the MySQL files.
func (Driver) Dir() string { return name }

// Migrate wraps db in golang-migrate's mysql driver. The loader's
// Migrator uses it for the version table and its lock only, and runs a
// file statement by statement itself, to name the one that fails (DDL
// commits implicitly). Open db with OpenDB all the same: it turns
// multiStatements on, which golang-migrate's own Run, taking a whole file
// in one call, needs.
func (Driver) Migrate(db *sql.DB) (database.Driver, error) {
	d, err := migratemysql.WithInstance(db, &migratemysql.Config{})
	if err != nil {
		return nil, fmt.Errorf("opening golang-migrate's mysql driver: %w", err)
	}
	return d, nil
}

// TransactionalDDL is false: MySQL commits every DDL statement on its
// own, so a migration that fails half way leaves the statements before
// the failing one applied, and the version dirty.
func (Driver) TransactionalDDL() bool { return false }

// VersionTable is schema_migrations in the URL's database, where the mysql
// driver keeps it.
func (Driver) VersionTable(context.Context, *sql.DB) (string, error) {
	return quoteIdent("schema_migrations"), nil
}
