package mysql

import (
	"context"
	"database/sql"

	"github.com/warehouse-loader/loader/repository/driver"
)

// ReadOnly runs fn in a START TRANSACTION READ ONLY that is then rolled
// back; a write in it is the server's error 1792, ErrReadOnly (Classify).
// Like a Scope's, its statements end on the server past ctx's deadline
// (SetTimeouts).
func (d Driver) ReadOnly(ctx context.Context, db *sql.DB, fn func(context.Context, driver.Queryer) error) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if err := d.SetTimeouts(ctx, tx); err != nil {
		return err
	}
	return fn(ctx, tx)
}
