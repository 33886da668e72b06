package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"github.com/warehouse-loader/loader/internal/dbopen"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// Errors callers can test with errors.Is.
var (
	// ErrDirty: the database was left half-migrated by something else (the
	// golang-migrate CLI, a non-transactional statement). Repair the schema,
	// then Force the version it is really at.
	ErrDirty = errors.New("database is dirty")
	// ErrNoVersion: Goto or Force named a version no file has.
	ErrNoVersion = errors.New("no such migration version")
	// ErrTooFar: Down was asked to revert more migrations than are applied.
	ErrTooFar = errors.New("not that many migrations applied")
	// ErrUnreachable: the database could not be opened or pinged. It is
	// dbopen.ErrUnreachable, the error repository.ErrUnreachable also is.
	ErrUnreachable = dbopen.ErrUnreachable
)

// MigrationError reports a migration file that failed. Its changes were
// rolled back (both dialects have transactional DDL) and the recorded
// version is Version, not dirty.
type MigrationError struct {
	File      string // file name, e.g. 0003_add_index.up.sql
	Statement string // the statement that failed, on one line
	Version   uint   // the version the database stays at
	// Dirty: the database's DDL is not transactional (MySQL), so the
	// file's statements before the failing one stay applied and Version is
	// marked dirty until `loader migrate force`.
	Dirty bool
	Err   error // the database's error

	previous uint // with Dirty: the version before Version
}

func (e *MigrationError) Error() string {
	stmt := ""
	if e.Statement != "" {
		stmt = fmt.Sprintf(" at statement %q", e.Statement)
	}
	if e.Dirty {
		return fmt.Sprintf("migration %s failed%s: %v; this database's DDL is not transactional: the statements of %s before the failing one are applied and version %d is marked dirty; "+
			"inspect the schema, complete or undo the file's changes by hand, then run `loader migrate force %d` if they are all in, or `loader migrate force %d` if none are",
			e.File, stmt, e.Err, e.File, e.Version, e.Version, e.previous)
	}
	return fmt.Sprintf("migration %s failed%s: %v; rolled back, database stays at version %d", e.File, stmt, e.Err, e.Version)
}

func (e *MigrationError) Unwrap() error { return e.Err }

// Migrator applies the migrations of one dialect to one database.
type Migrator struct {
	url   dburl.URL
	dbd   driver.Driver // the database's driver (package repository/drivers)
	db    *sql.DB
	m     *migrate.Migrate
	fsys  fs.FS
	dir   string
	files []File
	log   *slog.Logger
	drv   *txDriver
	// schemaLock, when set, is taken after the migration lock by every
	// command that changes the schema (see WithSchemaLock).
	schemaLock func(ctx context.Context) (release func(), err error)
	// connectTimeout bounds each new PostgreSQL connection.
	connectTimeout time.Duration
}

// Option configures a Migrator.
type Option func(*Migrator) error

// WithFS reads migrations from fsys instead of the embedded files. fsys must
// hold one folder per dialect (postgres/, sqlite/), as this package does.
func WithFS(fsys fs.FS) Option {
	return func(m *Migrator) error {
		if fsys == nil {
			return errors.New("migrations: WithFS: nil file system")
		}
		m.fsys = fsys
		return nil
	}
}

// WithLogger logs each applied migration to l.
func WithLogger(l *slog.Logger) Option {
	return func(m *Migrator) error {
		if l == nil {
			return errors.New("migrations: WithLogger: nil logger")
		}
		m.log = l
		return nil
	}
}

// WithSchemaLock makes every schema change (Up, Down, Goto, Force) take
// lock after the migration lock and hold it until the change is done; lock
// returns an error to refuse the change. The loader passes the Store's
// exclusive warehouse lock, which pipeline runs hold shared.
func WithSchemaLock(lock func(ctx context.Context) (release func(), err error)) Option {
	return func(m *Migrator) error {
		if lock == nil {
			return errors.New("migrations: WithSchemaLock: nil lock")
		}
		m.schemaLock = lock
		return nil
	}
}

// WithConnectTimeout bounds each new PostgreSQL connection of the
// migrator, as the Store's WithConnectTimeout does (pgx's connect_timeout,
// unless the URL or PGCONNECT_TIMEOUT set one): the migration lock and
// each migration may take a fresh one. Default 10 s; 0 means no limit.
// Opening the migrator takes at most 10 s in any case.
func WithConnectTimeout(d time.Duration) Option {
	return func(m *Migrator) error {
		if d < 0 {
			return fmt.Errorf("migrations: WithConnectTimeout: %s is negative", d)
		}
		m.connectTimeout = d
		return nil
	}
}

// openTimeout bounds opening the database and preparing golang-migrate,
// and is the default connect timeout.
const openTimeout = 10 * time.Second

// New opens a Migrator for the database u. Close it when done. It returns
// an error wrapping ErrUnreachable when the server cannot be reached or
// the SQLite file cannot be opened (naming a missing or read-only folder
// as the Store does).
func New(ctx context.Context, u dburl.URL, opts ...Option) (*Migrator, error) {
	dbd, u, err := drivers.Resolve(u)
	if err != nil {
		return nil, err
	}
	mg := &Migrator{url: u, dbd: dbd, fsys: Embedded, dir: dbd.Dir(), log: slog.New(slog.DiscardHandler), connectTimeout: openTimeout}
	for _, o := range opts {
		if err := o(mg); err != nil {
			return nil, err
		}
	}
	files, err := ReadFiles(mg.fsys, mg.dir)
	if err != nil {
		return nil, err
	}
	mg.files = files
	if err := mg.open(ctx); err != nil {
		return nil, err
	}
	return mg, nil
}

func (mg *Migrator) open(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	db, err := mg.openDB()
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		if db != nil {
			_ = db.Close()
		}
		return mg.openError(err)
	}
	drv, err := mg.driver(ctx, db)
	if err != nil {
		_ = db.Close()
		return fmt.Errorf("migrations: preparing %s: %w", mg.url, err)
	}
	src, err := iofs.New(mg.fsys, mg.dir)
	if err != nil {
		_ = drv.Close()
		return fmt.Errorf("migrations: reading %s: %w", mg.dir, err)
	}
	m, err := migrate.NewWithInstance("iofs", src, mg.dbd.Name(), drv)
	if err != nil {
		_ = drv.Close()
		return fmt.Errorf("migrations: %w", err)
	}
	mg.db, mg.m, mg.drv = db, m, drv
	return nil
}

// openDB returns the pool of the database. Every new PostgreSQL
// connection, not only the first, gives up after the connect timeout, as
// the Store's do (see driver.Connector.OpenDB).
func (mg *Migrator) openDB() (*sql.DB, error) {
	return mg.dbd.OpenDB(driver.Config{URL: mg.url, ConnectTimeout: mg.connectTimeout})
}

// openError says why the database could not be opened, in one line
// without secrets.
func (mg *Migrator) openError(err error) error {
	if own := mg.dbd.OpenError(mg.url, err, ErrUnreachable); own != nil {
		return own
	}
	return fmt.Errorf("%w: %s: %s; check that the server runs and the URL is right", ErrUnreachable, mg.url, dburl.Cause(err))
}

// driver returns golang-migrate's driver for the database, wrapped so that
// each migration commits with its version row (see txDriver).
func (mg *Migrator) driver(ctx context.Context, db *sql.DB) (*txDriver, error) {
	inner, err := mg.dbd.Migrate(db)
	if err != nil {
		return nil, err
	}
	drv, err := newTxDriver(ctx, inner, db, mg.dbd)
	if err != nil {
		_ = inner.Close()
		return nil, err
	}
	return drv, nil
}

// Close releases the database connection.
func (mg *Migrator) Close() error {
	srcErr, dbErr := mg.m.Close()
	return errors.Join(srcErr, dbErr)
}

// Files returns the migrations, in version order.
func (mg *Migrator) Files() []File { return mg.files }
