package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/golang-migrate/migrate/v4/database"
	pgxmigrate "github.com/golang-migrate/migrate/v4/database/pgx/v5"
)

// Dir is migrations/postgres.
func (*Driver) Dir() string { return "postgres" }

// Migrate is golang-migrate's pgx driver.
func (*Driver) Migrate(db *sql.DB) (database.Driver, error) {
	return pgxmigrate.WithInstance(db, &pgxmigrate.Config{})
}

// VersionTable is schema_migrations in current_schema(), where the pgx
// driver keeps it.
func (*Driver) VersionTable(ctx context.Context, db *sql.DB) (string, error) {
	var schema string
	if err := db.QueryRowContext(ctx, "SELECT quote_ident(current_schema())").Scan(&schema); err != nil {
		return "", fmt.Errorf("reading the current schema: %w", err)
	}
	return schema + ".schema_migrations", nil
}

// TransactionalDDL is true: a failed migration rolls back whole.
func (*Driver) TransactionalDDL() bool { return true }
