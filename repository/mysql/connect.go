package mysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"net"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	gormmysql "gorm.io/driver/mysql"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dburl"
	loaderdriver "github.com/warehouse-loader/loader/repository/driver"
)

// datetimePrecision is the fractional-second digits GORM declares time
// columns with: DATETIME(6), microseconds like PostgreSQL's timestamptz.
var datetimePrecision = 6

// Dialector is the GORM dialector for cfg, declaring times DATETIME(6).
func (Driver) Dialector(cfg loaderdriver.Config) gorm.Dialector {
	c, err := config(cfg.URL.DSN, cfg.ConnectTimeout)
	if err != nil {
		return failed{Dialector: gormmysql.Dialector{Config: &gormmysql.Config{}}, err: err}
	}
	return gormmysql.New(gormmysql.Config{DSNConfig: c, DSN: c.FormatDSN(), DefaultDatetimePrecision: &datetimePrecision})
}

// failed is a dialector whose DSN did not parse: opening it says why.
type failed struct {
	gormmysql.Dialector
	err error
}

func (f failed) Initialize(*gorm.DB) error { return f.err }

// OpenDB opens the pool golang-migrate runs on, with multiStatements on:
// its mysql driver runs a migration file in one call.
func (Driver) OpenDB(cfg loaderdriver.Config) (*sql.DB, error) {
	c, err := config(cfg.URL.DSN, cfg.ConnectTimeout)
	if err != nil {
		return nil, err
	}
	c.MultiStatements = true
	conn, err := gomysql.NewConnector(c)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", dburl.ErrInvalid, cfg.URL.Scrub(err.Error()))
	}
	return sql.OpenDB(conn), nil
}

// Begin starts the scope's transaction, READ COMMITTED as on PostgreSQL:
// InnoDB's default REPEATABLE READ would take gap locks that make
// concurrent upserts deadlock.
func (Driver) Begin(_, txCtx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	return conn.BeginTx(txCtx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
}

// Socket is nil: go-sql-driver closes the connection itself when a
// statement's context ends, so no wait outlives ctx.
func (Driver) Socket(*sql.Conn) net.Conn { return nil }

// errUnknownVariable is MySQL's 1193: MySQL has no max_statement_time.
const errUnknownVariable = 1193

// SetTimeouts has the server end the transaction's statements a second
// past ctx's deadline (MariaDB's max_statement_time, MySQL's
// max_execution_time, which bounds reads) and bounds its row lock waits
// (innodb_lock_wait_timeout, whole seconds, at least one). MySQL has no
// transaction-local settings: they are the session's, so every scope sets
// them again, and one without a deadline restores the server's defaults.
func (Driver) SetTimeouts(ctx context.Context, tx *sql.Tx) error {
	var limit time.Duration
	if deadline, ok := ctx.Deadline(); ok {
		limit = max(time.Until(deadline), 0) + time.Second
	}
	lockWait, stmt := "DEFAULT", "0"
	if limit > 0 {
		lockWait = fmt.Sprint(int64(math.Max(1, math.Ceil(limit.Seconds()))))
		stmt = fmt.Sprintf("%.3f", limit.Seconds())
	}
	if _, err := tx.ExecContext(ctx, "SET SESSION innodb_lock_wait_timeout = "+lockWait); err != nil {
		return fmt.Errorf("setting the lock wait timeout: %w", err)
	}
	_, err := tx.ExecContext(ctx, "SET SESSION max_statement_time = "+stmt)
	if n, ok := number(err); ok && n == errUnknownVariable {
		_, err = tx.ExecContext(ctx, fmt.Sprintf("SET SESSION max_execution_time = %d", limit.Milliseconds()))
	}
	if err != nil {
		return fmt.Errorf("setting the statement timeout: %w", err)
	}
	return nil
}

// lostNumbers are the server errors that end the connection: shutdown in
// progress, connection killed, gone away, lost during a query, idle
// disconnect.
var lostNumbers = map[uint16]bool{1053: true, 1927: true, 2006: true, 2013: true, 4031: true}

// LostConnection reports whether err says the connection ended.
func (Driver) LostConnection(err error) bool {
	if errors.Is(err, gomysql.ErrInvalidConn) || errors.Is(err, driver.ErrBadConn) {
		return true
	}
	n, ok := number(err)
	return ok && lostNumbers[n]
}

// AsyncCommit is a no-op: InnoDB's log flushing
// (innodb_flush_log_at_trx_commit) is global, never per transaction.
func (Driver) AsyncCommit(context.Context, loaderdriver.Tx) error { return nil }
