// Package driver is the interface every database the loader supports
// implements, one package per database (repository/postgres,
// repository/sqlite, repository/mysql), and the registry that finds a
// driver by the scheme of a database URL. Package repository is the only
// caller: it owns the transaction (Store, Scope, Session) and asks the
// driver for everything that differs between databases. Nothing outside a
// driver package asks which database it talks to.
//
// A driver's methods get the transaction of the scope in progress as a Tx
// and the description of the table they write (etl/target). They return
// errors that wrap the sentinels of this package where one applies
// (Classify), so callers test them with errors.Is whatever the database.
package driver

import (
	"context"
	"database/sql"
	"time"

	"github.com/golang-migrate/migrate/v4/database"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/internal/sqltext"
)

// Tx is the transaction of a scope, on its one connection.
type Tx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	// Raw runs fn with the driver connection under the transaction (a
	// pgx *stdlib.Conn, a go-sql-driver/mysql connection), for bulk paths
	// (COPY, LOAD DATA) that must run inside the same transaction.
	Raw(fn func(driverConn any) error) error
	// Savepoint runs fn in a savepoint: fn's error rolls back to it.
	Savepoint(ctx context.Context, fn func(Tx) error) error
}

// Config is what a driver opens a database with.
type Config struct {
	URL            dburl.URL
	ConnectTimeout time.Duration
}

// Driver is one database. The methods are grouped by concern; each
// group's doc says what repository expects.
type Driver interface {
	// Name is the dialect name ("postgres", "sqlite", "mysql"); Schemes
	// are the URL schemes it serves ("postgres", "postgresql").
	Name() string
	Schemes() []string

	Connector
	Writer
	Locker
	Catalog
	Migrations
}

// Connector opens the database and its transactions.
type Connector interface {
	// Dialector is the GORM dialector for the URL.
	Dialector(cfg Config) gorm.Dialector
	// Begin starts the scope's transaction on conn (SQLite waits for its
	// write lock here, in rounds that obey ctx).
	Begin(ctx context.Context, conn *sql.Conn) (*sql.Tx, error)
	// SetTimeouts sets server-side statement and lock timeouts for the
	// transaction (no-op where the server has none).
	SetTimeouts(ctx context.Context, tx *sql.Tx, statement time.Duration) error
	// Classify returns the sentinel (ErrConflict, …) a database error
	// stands for, or nil.
	Classify(err error) error
	// Refused reports whether err is the database refusing a row's value
	// or a constraint, with its reason in one line.
	Refused(err error) (reason string, ok bool)
	// Identity names the database for source checkpoints, whatever the
	// spelling of its URL.
	Identity(ctx context.Context, db *sql.DB, cfg Config) (string, error)
}

// Writer writes rows inside a transaction.
type Writer interface {
	Append(ctx context.Context, tx Tx, t target.Table, rows [][]any) (int64, error)
	// Upsert writes rows (the last of each key already kept) and returns
	// the rows inserted or changed; copied says a tryCopy fast path held.
	Upsert(ctx context.Context, tx Tx, t target.Table, keys []string, rows [][]any, tryCopy bool) (n int64, copied bool, err error)
	// AsyncCommit lets this transaction commit without waiting for its log
	// to reach disk, where the database allows it safely.
	AsyncCommit(ctx context.Context, tx Tx) error
	// CreateStaging creates staging with t's columns and constraints;
	// Swap replaces t's rows by staging's and drops staging.
	CreateStaging(ctx context.Context, tx Tx, t, staging target.Table) error
	Swap(ctx context.Context, tx Tx, t, staging target.Table) (int64, error)
	// Lexer is how SQL text of this database is tokenised.
	Lexer() sqltext.Dialect
}

// Locker takes the locks that keep one run per pipeline and keep schema
// changes away from runs. Every lock vanishes with the process or
// connection that holds it; release is never nil when err is nil.
type Locker interface {
	LockPipeline(ctx context.Context, db *sql.DB, cfg Config, pipeline string, wait bool) (release func(), err error)
	// LockWarehouse takes the warehouse shared (a run) or exclusive (a
	// migration).
	LockWarehouse(ctx context.Context, db *sql.DB, cfg Config, exclusive, wait bool) (release func(), err error)
}

// Catalog reads what the drift check compares with the models.
type Catalog interface {
	// NormalType spells a declared or reported column type the one way
	// the drift check compares.
	NormalType(decl string) string
}

// Migrations is the golang-migrate side of the driver.
type Migrations interface {
	// Dir is the folder of migrations/ that holds this database's files.
	Dir() string
	// Migrate wraps db in golang-migrate's driver for this database.
	Migrate(db *sql.DB) (database.Driver, error)
	// TransactionalDDL reports whether a failed migration rolls back whole.
	TransactionalDDL() bool
}
