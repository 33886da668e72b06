package repository

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// ErrUnsupported is returned by operations the session's dialect lacks.
var ErrUnsupported = errors.New("not supported by this database")

// CopyFrom bulk-loads rows into table with PostgreSQL's COPY protocol
// (pgx CopyFrom, binary format) on the session's own connection, inside the
// session's transaction: the copied rows commit or roll back with
// everything else the scope did. On SQLite it returns ErrUnsupported.
func (sess *Session) CopyFrom(ctx context.Context, table string, columns []string, src pgx.CopyFromSource) (int64, error) {
	if sess.Dialect() != dburl.Postgres {
		return 0, fmt.Errorf("COPY into %s: %w", table, ErrUnsupported)
	}
	var n int64
	err := sess.conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("COPY into %s: driver connection is %T, not pgx", table, driverConn)
		}
		registerFastNumeric(c.Conn().TypeMap())
		var err error
		n, err = c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, src)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("COPY into %s: %w", table, mapError(err))
	}
	return n, nil
}
