package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	pgxmigrate "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	sqlitemigrate "github.com/golang-migrate/migrate/v4/database/sqlite3"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/warehouse-loader/loader/internal/dburl"
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
	// ErrUnreachable: the database could not be opened or pinged.
	ErrUnreachable = errors.New("database unreachable")
)

// MigrationError reports a migration file that failed. Its changes were
// rolled back (both dialects have transactional DDL) and the recorded
// version is Version, not dirty.
type MigrationError struct {
	File      string // file name, e.g. 0003_add_index.up.sql
	Statement string // the statement that failed, on one line
	Version   uint   // the version the database stays at
	Err       error  // the database's error
}

func (e *MigrationError) Error() string {
	stmt := ""
	if e.Statement != "" {
		stmt = fmt.Sprintf(" at statement %q", e.Statement)
	}
	return fmt.Sprintf("migration %s failed%s: %v; rolled back, database stays at version %d", e.File, stmt, e.Err, e.Version)
}

func (e *MigrationError) Unwrap() error { return e.Err }

// Migrator applies the migrations of one dialect to one database.
type Migrator struct {
	url   dburl.URL
	db    *sql.DB
	m     *migrate.Migrate
	fsys  fs.FS
	dir   string
	files []File
	log   *slog.Logger
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

// New opens a Migrator for the database u. Close it when done.
func New(ctx context.Context, u dburl.URL, opts ...Option) (*Migrator, error) {
	mg := &Migrator{url: u, fsys: Embedded, dir: string(u.Dialect), log: slog.New(slog.DiscardHandler)}
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
	driverName := map[dburl.Dialect]string{dburl.Postgres: "pgx", dburl.SQLite: "sqlite3"}[mg.url.Dialect]
	db, err := sql.Open(driverName, mg.url.DSN)
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		if db != nil {
			_ = db.Close()
		}
		return fmt.Errorf("%w: %s: %s; check that the server runs and the URL is right", ErrUnreachable, mg.url, dburl.Cause(err))
	}
	drv, err := mg.driver(db)
	if err != nil {
		_ = db.Close()
		return fmt.Errorf("migrations: preparing %s: %w", mg.url, err)
	}
	src, err := iofs.New(mg.fsys, mg.dir)
	if err != nil {
		_ = drv.Close()
		return fmt.Errorf("migrations: reading %s: %w", mg.dir, err)
	}
	m, err := migrate.NewWithInstance("iofs", src, string(mg.url.Dialect), drv)
	if err != nil {
		_ = drv.Close()
		return fmt.Errorf("migrations: %w", err)
	}
	mg.db, mg.m = db, m
	return nil
}

func (mg *Migrator) driver(db *sql.DB) (database.Driver, error) {
	if mg.url.Dialect == dburl.Postgres {
		return pgxmigrate.WithInstance(db, &pgxmigrate.Config{})
	}
	return sqlitemigrate.WithInstance(db, &sqlitemigrate.Config{})
}

// Close releases the database connection.
func (mg *Migrator) Close() error {
	srcErr, dbErr := mg.m.Close()
	return errors.Join(srcErr, dbErr)
}

// Files returns the migrations, in version order.
func (mg *Migrator) Files() []File { return mg.files }
