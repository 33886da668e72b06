package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	gormmysql "gorm.io/driver/mysql"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/repository/driver"
)

// datetimePrecision is the fractional-second digits GORM declares time
// columns with: DATETIME(6), microseconds like PostgreSQL's timestamptz.
var datetimePrecision = 6

// Config returns the go-sql-driver Config cfg opens: cfg.URL.DSN when it
// holds one, else the DSN of cfg.URL's raw URL; ConnectTimeout bounds the
// dial.
func (Driver) Config(cfg driver.Config) (*gomysql.Config, error) {
	return configFor(cfg.URL.DSN, cfg.URL.Raw(), cfg.ConnectTimeout)
}

// Open opens a pool on cfg (see Config).
func (d Driver) Open(cfg driver.Config) (*sql.DB, error) {
	c, err := d.Config(cfg)
	if err != nil {
		return nil, err
	}
	conn, err := gomysql.NewConnector(c)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalidURL, err.Error())
	}
	return sql.OpenDB(conn), nil
}

// Dialector is the GORM dialector for cfg, declaring times DATETIME(6).
func (d Driver) Dialector(cfg driver.Config) gorm.Dialector {
	c, err := d.Config(cfg)
	if err != nil {
		return failed{Dialector: gormmysql.Dialector{Config: &gormmysql.Config{}}, err: err}
	}
	return gormmysql.New(gormmysql.Config{DSNConfig: c, DSN: c.FormatDSN(), DefaultDatetimePrecision: &datetimePrecision})
}

// failed is a dialector whose URL did not parse: opening it says why.
type failed struct {
	gormmysql.Dialector
	err error
}

func (f failed) Initialize(*gorm.DB) error { return f.err }

// Begin starts the scope's transaction, READ COMMITTED as on PostgreSQL:
// InnoDB's default REPEATABLE READ would take gap locks that make
// concurrent upserts deadlock.
func (Driver) Begin(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	return conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
}

// errUnknownVariable is MySQL's 1193: MySQL has no max_statement_time.
const errUnknownVariable = 1193

// SetTimeouts bounds the transaction's statements (MariaDB's
// max_statement_time, MySQL's max_execution_time for reads) and its row
// lock waits (innodb_lock_wait_timeout, whole seconds, at least one).
// MySQL has no transaction-local settings: they are the session's, and
// every scope sets them again; 0 restores the server's defaults.
func (Driver) SetTimeouts(ctx context.Context, tx *sql.Tx, statement time.Duration) error {
	lockWait, stmt := "DEFAULT", "0"
	if statement > 0 {
		lockWait = fmt.Sprint(int64(math.Max(1, math.Ceil(statement.Seconds()))))
		stmt = fmt.Sprintf("%.3f", statement.Seconds())
	}
	if _, err := tx.ExecContext(ctx, "SET SESSION innodb_lock_wait_timeout = "+lockWait); err != nil {
		return fmt.Errorf("setting the lock wait timeout: %w", err)
	}
	_, err := tx.ExecContext(ctx, "SET SESSION max_statement_time = "+stmt)
	var myErr *gomysql.MySQLError
	if errors.As(err, &myErr) && myErr.Number == errUnknownVariable {
		_, err = tx.ExecContext(ctx, fmt.Sprintf("SET SESSION max_execution_time = %d", statement.Milliseconds()))
	}
	if err != nil {
		return fmt.Errorf("setting the statement timeout: %w", err)
	}
	return nil
}

// AsyncCommit is a no-op: InnoDB's log flushing
// (innodb_flush_log_at_trx_commit) is global, never per transaction.
func (Driver) AsyncCommit(context.Context, driver.Tx) error { return nil }
