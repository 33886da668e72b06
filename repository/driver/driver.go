// Package driver is the interface every database the loader supports
// implements, one package per database (repository/postgres,
// repository/sqlite, repository/mysql), the sentinel errors they all
// return, and the SQL every driver shares. Package repository owns the
// transaction (Store, Scope, Session) and asks the driver for everything
// that differs between databases; package migrations asks it for the
// golang-migrate driver and the migration lock. Nothing outside a driver
// package asks which database it talks to. The registered drivers are
// listed in package repository/drivers, which finds one by URL scheme.
//
// A driver's methods get the transaction of the scope in progress as a Tx
// and the description of the table they write (etl/target). They return
// errors that wrap the sentinels of this package where one applies
// (Classify, Map), so callers test them with errors.Is whatever the
// database.
package driver

import (
	"context"
	"database/sql"
	"net"
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
	// Savepoint runs fn in a savepoint: fn's error rolls back to it, and
	// comes back mapped (Map).
	Savepoint(ctx context.Context, fn func(Tx) error) error
}

// Queryer is what a read-only read runs its statements on.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Config is what a driver opens a database with.
type Config struct {
	URL            dburl.URL
	ConnectTimeout time.Duration
}

// Driver is one database. The methods are grouped by concern; each
// group's doc says what repository and migrations expect.
type Driver interface {
	// Name is the dialect name ("postgres", "sqlite", "mysql"); Schemes
	// are the URL schemes it serves ("postgres", "postgresql").
	Name() string
	Schemes() []string
	// New returns a driver of the same database with state of its own
	// (caches, in-process locks): a Store or a Migrator takes one each.
	New() Driver
	// ParseURL checks u, split by dburl.Parse, and fills in what opening
	// needs (DSN, Path). Errors wrap dburl.ErrInvalid and hold no password.
	ParseURL(u dburl.URL) (dburl.URL, error)

	Connector
	Writer
	Reader
	Locker
	Catalog
	Migrations
}

// Connector opens the database and its transactions.
type Connector interface {
	// Dialector is the GORM dialector for the URL.
	Dialector(cfg Config) gorm.Dialector
	// OpenDB opens the database/sql pool golang-migrate runs on.
	OpenDB(cfg Config) (*sql.DB, error)
	// OpenError is the one-line error, wrapping unreachable, of a database
	// that could not be opened, or nil where the caller's generic message
	// ("check that the server runs") fits.
	OpenError(u dburl.URL, err, unreachable error) error
	// Begin starts the scope's transaction on conn under txCtx (SQLite
	// waits for its write lock here, in rounds that obey ctx).
	Begin(ctx, txCtx context.Context, conn *sql.Conn) (*sql.Tx, error)
	// SetTimeouts has the server end tx itself past ctx's deadline, should
	// the loader vanish (no-op where the server has no such limits).
	SetTimeouts(ctx context.Context, tx *sql.Tx) error
	// Socket is the network connection under conn, which the Store closes
	// to end a statement a silent server never answers; nil where waits
	// are bounded otherwise.
	Socket(conn *sql.Conn) net.Conn
	// Classify returns the sentinel (ErrConflict, ErrReadOnly, …) a
	// database error stands for, or nil.
	Classify(err error) error
	// Refused reports whether err is the database refusing a row's value
	// or a constraint, with its reason in one line.
	Refused(err error) (reason string, ok bool)
	// LostConnection reports whether err is the server saying the
	// connection ends (shutting down, connection exception).
	LostConnection(err error) bool
	// Identity names the database for source checkpoints, whatever the
	// spelling of its URL.
	Identity(ctx context.Context, db *sql.DB, cfg Config) (string, error)
}

// Writer writes rows inside a transaction.
type Writer interface {
	// Append writes rows (values in t's column order) and returns how many.
	Append(ctx context.Context, tx Tx, t target.Table, rows [][]any) (int64, error)
	// Upsert writes rows (the last of each key already kept) and returns
	// the rows inserted or changed; copied says a tryCopy fast path held.
	Upsert(ctx context.Context, tx Tx, t target.Table, keys []string, rows [][]any, tryCopy bool) (n int64, copied bool, err error)
	// AsyncCommit lets this transaction commit without waiting for its log
	// to reach disk, where the database allows it safely.
	AsyncCommit(ctx context.Context, tx Tx) error
	// CreateStaging (re)creates staging with t's columns and constraints;
	// Swap replaces t's rows by staging's and drops staging.
	CreateStaging(ctx context.Context, tx Tx, t, staging target.Table) error
	Swap(ctx context.Context, tx Tx, t, staging target.Table) (int64, error)
	// MaxParams is the bound-parameter limit of one statement.
	MaxParams() int
	// LocksRows reports whether SELECT … FOR UPDATE locks rows (SQLite
	// serialises write transactions instead, and lacks the clause).
	LocksRows() bool
}

// Reader reads without writing.
type Reader interface {
	// ReadOnly runs fn where the database refuses every write; a refused
	// write is an error Classify maps to ErrReadOnly.
	ReadOnly(ctx context.Context, db *sql.DB, fn func(context.Context, Queryer) error) error
	// Quote quotes an identifier ("name", `name`).
	Quote(ident string) string
	// Placeholder is the n-th (from 1) bound parameter's spelling.
	Placeholder(n int) string
	// Settled is the column expression and FROM item that flag the rows of
	// table from (quoted) written by a transaction younger than the oldest
	// one still writing it, which a page must stop before; ok is false
	// where keys are never drawn out of commit order.
	Settled(from string) (flag, join string, ok bool)
	// Lexer is how SQL text of this database is tokenised.
	Lexer() sqltext.Dialect
}

// Locker takes the locks that keep one run per pipeline and keep schema
// changes away from runs, through internal/dblock. Every lock vanishes
// with the process or connection that holds it; release is never nil when
// err is nil. Refusals wrap ErrLocked, ErrInUse or ErrSchemaChanging (see
// Locked and WarehouseRefusal).
type Locker interface {
	// LockPipeline takes the warehouse shared, then the pipeline's lock.
	LockPipeline(ctx context.Context, db *sql.DB, cfg Config, pipeline string, wait bool) (release func(), err error)
	// LockWarehouse takes the warehouse shared (a run) or exclusive (a
	// migration).
	LockWarehouse(ctx context.Context, db *sql.DB, cfg Config, exclusive, wait bool) (release func(), err error)
	// LockMigrations serialises migrations across processes, waiting.
	LockMigrations(ctx context.Context, db *sql.DB, cfg Config) (release func(), err error)
}

// Catalog reads what the drift check compares with the models.
type Catalog interface {
	// NormalType spells a declared column type the one way the drift
	// check compares; ActualType spells the database's column so.
	NormalType(decl string) string
	ActualType(c gorm.ColumnType) string
	// Columns corrects what GORM's migrator reads of a table's columns.
	Columns(db *gorm.DB, table string, cols []gorm.ColumnType) ([]gorm.ColumnType, error)
	// Keys reads the primary key and unique indexes (and constraints) of
	// a table, ForeignKeys its foreign keys, Checks its CHECK constraints
	// (columns are the table's column names). They read the catalogue
	// directly, not through GORM's Migrator, whose GetIndexes leaves out
	// constraint-backed indexes and tells no partial or expression index,
	// and whose HasConstraint only finds a constraint by name.
	Keys(db *gorm.DB, table string) ([]KeyIndex, error)
	ForeignKeys(db *gorm.DB, table string) ([]ForeignKey, error)
	Checks(db *gorm.DB, table string, columns []string) ([]CheckConstraint, error)
}

// Migrations is the golang-migrate side of the driver.
type Migrations interface {
	// Dir is the folder of migrations/ that holds this database's files.
	Dir() string
	// Migrate wraps db in golang-migrate's driver for this database.
	Migrate(db *sql.DB) (database.Driver, error)
	// VersionTable is golang-migrate's version table, quoted as the
	// migrate driver names it.
	VersionTable(ctx context.Context, db *sql.DB) (string, error)
	// TransactionalDDL reports whether a failed migration rolls back whole.
	TransactionalDDL() bool
	// DDL renders schema changes in this database's SQL, for migrations
	// written from the models (see DDL).
	DDL() DDL
}
