package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"github.com/golang-migrate/migrate/v4/database"

	"github.com/warehouse-loader/loader/repository/driver"
)

// txDriver wraps a golang-migrate database driver so that a migration's
// body and its version row commit in one transaction. golang-migrate marks
// the version dirty in a committed transaction of its own, runs the file,
// then marks it clean: a process killed in between leaves the database
// dirty although, with transactional DDL, the file either committed or did
// not. Here SetVersion(v, dirty) begins a transaction, Run executes the
// file inside it, and SetVersion(v, clean) writes the version row in it and
// commits; any failure rolls back. A kill at any instant leaves the old
// version or the new one, clean. Force (SetVersion without a pending
// migration) goes to the wrapped driver unchanged.
//
// A database whose DDL commits implicitly (driver.Migrations.TransactionalDDL
// false) cannot keep that promise: there a file runs statement by
// statement (runEach), and the wrapped driver marks the version dirty
// around it as golang-migrate does; a failure leaves it dirty.
//
// The schema_migrations table keeps golang-migrate's format (one row:
// version, dirty), so its CLI reads what the loader writes and back.
type txDriver struct {
	database.Driver
	db    *sql.DB
	table string // the version table, quoted (schema-qualified on PostgreSQL)
	dbd   driver.Driver
	ctx   context.Context //nolint:containedctx // golang-migrate calls the Driver without one; this is the step's (see use)
	tx    *sql.Tx         // the migration under way, if any
}

// versionTable is golang-migrate's default version table.
const versionTable = "schema_migrations"

func newTxDriver(ctx context.Context, inner database.Driver, db *sql.DB, dbd driver.Driver) (*txDriver, error) {
	table, err := dbd.VersionTable(ctx, db)
	if err != nil {
		return nil, err
	}
	return &txDriver{Driver: inner, db: db, table: table, dbd: dbd, ctx: context.Background()}, nil
}

// use sets the context the next migrations run under: golang-migrate's
// driver interface has none, so the Migrator hands its own over before
// each step. Cancelling it rolls the migration under way back.
func (d *txDriver) use(ctx context.Context) { d.ctx = ctx }

// SetVersion begins the migration to version (dirty) or writes version and
// commits it (clean). Without a migration under way it is a Force.
func (d *txDriver) SetVersion(version int, dirty bool) error {
	if !d.dbd.TransactionalDDL() {
		return d.Driver.SetVersion(version, dirty)
	}
	if dirty {
		d.rollback()
		tx, err := d.db.BeginTx(d.ctx, nil)
		if err != nil {
			return fmt.Errorf("starting the migration's transaction: %w", err)
		}
		d.tx = tx
		return nil
	}
	if d.tx == nil {
		return d.Driver.SetVersion(version, dirty)
	}
	tx := d.tx
	d.tx = nil
	if err := d.writeVersion(tx, version); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing version %d: %w", version, err)
	}
	return nil
}

func (d *txDriver) writeVersion(tx *sql.Tx, version int) error {
	// d.table is the driver's own version table, quoted when the driver was made.
	if _, err := tx.ExecContext(d.ctx, "DELETE FROM "+d.table); err != nil { //nolint:gosec // G202: see above
		return fmt.Errorf("clearing %s: %w", versionTable, err)
	}
	if version == database.NilVersion {
		return nil
	}
	insert := "INSERT INTO " + d.table + " (version, dirty) VALUES (" + d.dbd.Placeholder(1) + ", " + d.dbd.Placeholder(2) + ")" //nolint:gosec // G202: the quoted version table
	if _, err := tx.ExecContext(d.ctx, insert, version, false); err != nil {
		return fmt.Errorf("recording version %d: %w", version, err)
	}
	return nil
}

// Run executes a migration file inside the transaction SetVersion began.
// The file is sent whole: both drivers run every statement of it, and
// both dialects roll DDL back with the transaction.
func (d *txDriver) Run(migration io.Reader) error {
	if !d.dbd.TransactionalDDL() {
		return d.runEach(migration)
	}
	if d.tx == nil {
		return errors.New("migrations: a migration ran outside its transaction")
	}
	body, err := io.ReadAll(migration)
	if err != nil {
		d.rollback()
		return err
	}
	if _, err := d.tx.ExecContext(d.ctx, string(body)); err != nil {
		d.rollback()
		return err
	}
	return nil
}

// statementError is a statement of a migration file that failed where
// DDL commits implicitly: the statements before it are applied.
type statementError struct {
	Statement string
	Err       error
}

func (e *statementError) Error() string { return fmt.Sprintf("statement %q: %v", e.Statement, e.Err) }
func (e *statementError) Unwrap() error { return e.Err }

// runEach runs a migration file statement by statement (split by the
// driver's lexer), where DDL commits implicitly: the one that fails is
// known, and so is what came before it and stays applied. Every statement
// runs on one connection, so what a statement sets for the session (SET
// FOREIGN_KEY_CHECKS, user variables, temporary tables) holds for the
// ones after it.
func (d *txDriver) runEach(migration io.Reader) (err error) {
	body, err := io.ReadAll(migration)
	if err != nil {
		return err
	}
	conn, err := d.db.Conn(d.ctx)
	if err != nil {
		return fmt.Errorf("taking a connection for the migration: %w", err)
	}
	defer func() { err = errors.Join(err, conn.Close()) }()
	for _, stmt := range d.dbd.Lexer().Split(string(body)) {
		if _, err := conn.ExecContext(d.ctx, stmt); err != nil {
			return &statementError{Statement: oneLine(stmt), Err: err}
		}
	}
	return nil
}

// Unlock ends golang-migrate's run; a migration left half way (it stopped
// between its two SetVersion calls) is rolled back.
func (d *txDriver) Unlock() error {
	d.rollback()
	return d.Driver.Unlock()
}

func (d *txDriver) rollback() {
	if d.tx != nil {
		_ = d.tx.Rollback()
		d.tx = nil
	}
}

// Close rolls back a migration left under way and closes the driver.
func (d *txDriver) Close() error {
	d.rollback()
	return d.Driver.Close()
}
