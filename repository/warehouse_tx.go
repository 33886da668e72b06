package repository

import (
	"context"

	"github.com/warehouse-loader/loader/etl"
)

// warehouseTx is a Session as the engine sees it: an etl.Tx.
type warehouseTx struct {
	sess *Session
}

var (
	_ etl.Tx     = warehouseTx{}
	_ etl.Execer = warehouseTx{}
)

func (tx warehouseTx) CheckLease(ctx context.Context, pipeline string, run int64) error {
	return also(tx.sess.CheckLease(ctx, pipeline, run), ErrLeaseLost, etl.ErrLeaseLost)
}

func (tx warehouseTx) Savepoint(ctx context.Context, fn func(etl.Tx) error) error {
	return tx.sess.Scope(ctx, func(sp *Session) error { return fn(warehouseTx{sp}) })
}

func (tx warehouseTx) AppendRows(ctx context.Context, t Table, rows [][]any) (int64, error) {
	n, err := tx.sess.AppendRows(ctx, t, rows)
	return n, refused(err)
}

func (tx warehouseTx) UpsertRows(ctx context.Context, t Table, keys []string, rows [][]any, tryCopy bool) (int64, bool, error) {
	n, copied, err := tx.sess.UpsertRows(ctx, t, keys, rows, tryCopy)
	return n, copied, refused(err)
}

func (tx warehouseTx) CreateStaging(ctx context.Context, t, staging Table) error {
	return tx.sess.CreateStaging(ctx, t, staging)
}

func (tx warehouseTx) DropStaging(ctx context.Context, staging Table) error {
	return tx.sess.DropStaging(ctx, staging)
}

func (tx warehouseTx) ReplaceFromStaging(ctx context.Context, t, staging Table) (int64, error) {
	return tx.sess.ReplaceFromStaging(ctx, t, staging)
}

func (tx warehouseTx) DeleteAllRows(ctx context.Context, t Table) (int64, error) {
	return tx.sess.DeleteAllRows(ctx, t)
}

func (tx warehouseTx) AsyncCommit(ctx context.Context) error { return tx.sess.AsyncCommit(ctx) }

func (tx warehouseTx) Exec(ctx context.Context, statements ...string) error {
	return tx.sess.Exec(ctx, statements...)
}

// refused returns err as an *etl.RefusedError when the database refused a
// row's values (RefusedRow), and as it is otherwise.
func refused(err error) error {
	if reason, ok := RefusedRow(err); ok {
		return &etl.RefusedError{Reason: reason, Err: err}
	}
	return err
}
