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
	var n int64
	err := sess.onPgx(table, func(c *pgx.Conn) (err error) {
		n, err = c.CopyFrom(ctx, pgx.Identifier{table}, columns, src)
		return err
	})
	return n, err
}

// copyRows is CopyFrom for rows of the kinds bulk writes take, with the
// package's own binary encoders (see copy_binary.go).
func (sess *Session) copyRows(ctx context.Context, table string, columns []string, rows [][]any) (int64, error) {
	var n int64
	err := sess.onPgx(table, func(c *pgx.Conn) (err error) {
		n, err = copyRows(ctx, c, &sess.store.types, table, columns, rows)
		return err
	})
	return n, err
}

// onPgx runs fn on the pgx connection under the session's transaction.
func (sess *Session) onPgx(table string, fn func(*pgx.Conn) error) error {
	if sess.Dialect() != dburl.Postgres {
		return fmt.Errorf("COPY into %s: %w", table, ErrUnsupported)
	}
	err := sess.conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not pgx", driverConn)
		}
		return fn(c.Conn())
	})
	if err != nil {
		return fmt.Errorf("COPY into %s: %w", table, mapError(err))
	}
	return nil
}
