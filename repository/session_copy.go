package repository

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/warehouse-loader/loader/repository/postgres"
)

// CopyFrom bulk-loads rows into table with PostgreSQL's COPY protocol
// (pgx CopyFrom, binary format) on the session's own connection, inside the
// session's transaction: the copied rows commit or roll back with
// everything else the scope did. On other databases it returns
// ErrUnsupported.
func (sess *Session) CopyFrom(ctx context.Context, table string, columns []string, src pgx.CopyFromSource) (int64, error) {
	return postgres.CopyFrom(ctx, sess.drvTx(), table, columns, src)
}
