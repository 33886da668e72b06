package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"

	"github.com/warehouse-loader/loader/internal/dbopen"
	"github.com/warehouse-loader/loader/repository/driver"
)

// ReadOnly runs fn on a connection of its own with PRAGMA query_only on
// (go-sqlite3 ignores TxOptions.ReadOnly, and this driver's transactions
// begin IMMEDIATE, taking the write lock). The pragma is turned off before
// the connection goes back to the pool; a connection where that fails is
// closed instead.
func (*Driver) ReadOnly(ctx context.Context, db *sql.DB, fn func(context.Context, driver.Queryer) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = ON"); err != nil {
		return err
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = OFF"); err != nil {
			dbopen.Discard(conn)
		}
	}()
	return fn(ctx, conn)
}

// Identity is the absolute path of the main database file, or "memory".
func (*Driver) Identity(ctx context.Context, db *sql.DB, _ driver.Config) (string, error) {
	var file string
	err := db.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file)
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
