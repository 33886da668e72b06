package mysql

import (
	"context"
	"database/sql"

	"github.com/warehouse-loader/loader/internal/dbopen"
	"github.com/warehouse-loader/loader/repository/driver"
)

// ReadOnly runs fn in a READ ONLY transaction that is then rolled back
// (driver.ReadOnlyTx), on a connection whose session is READ ONLY too: a
// READ ONLY transaction alone would let DDL through, which commits it
// implicitly and runs. A write is the server's error 1792, ErrReadOnly
// (Classify). The session is made READ WRITE again before the connection
// goes back to the pool; one where that fails is closed instead.
func (d Driver) ReadOnly(ctx context.Context, db *sql.DB, fn func(context.Context, driver.Queryer) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close() }()
	if _, err := conn.ExecContext(ctx, "SET SESSION TRANSACTION READ ONLY"); err != nil {
		dbopen.Discard(conn)
		return err
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "SET SESSION TRANSACTION READ WRITE"); err != nil {
			dbopen.Discard(conn)
		}
	}()
	return driver.ReadOnlyTx(ctx, conn, d.SetTimeouts, fn)
}
