package sqlite

import (
	"context"
	"database/sql"

	"github.com/golang-migrate/migrate/v4/database"
	sqlitemigrate "github.com/golang-migrate/migrate/v4/database/sqlite3"
)

// Dir is migrations/sqlite.
func (*Driver) Dir() string { return "sqlite" }

// Migrate is golang-migrate's sqlite3 driver.
func (*Driver) Migrate(db *sql.DB) (database.Driver, error) {
	return sqlitemigrate.WithInstance(db, &sqlitemigrate.Config{})
}

// VersionTable is schema_migrations.
func (*Driver) VersionTable(context.Context, *sql.DB) (string, error) {
	return "schema_migrations", nil
}

// TransactionalDDL is true: a failed migration rolls back whole.
func (*Driver) TransactionalDDL() bool { return true }
