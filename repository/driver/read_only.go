package driver

import (
	"context"
	"database/sql"
)

// Beginner begins transactions: a *sql.DB or a *sql.Conn.
type Beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// ReadOnlyTx is ReadOnly for databases whose READ ONLY transactions
// refuse writes: fn runs in one that is then rolled back. Like a Scope's,
// the transaction has the server end it past ctx's deadline (setTimeouts,
// the driver's SetTimeouts): a query the loader gave up on does not go on
// running on the server.
func ReadOnlyTx(ctx context.Context, db Beginner, setTimeouts func(context.Context, *sql.Tx) error, fn func(context.Context, Queryer) error) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if err := setTimeouts(ctx, tx); err != nil {
		return err
	}
	return fn(ctx, tx)
}
