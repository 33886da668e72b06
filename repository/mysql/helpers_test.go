package mysql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/mysql"
)

var drv mysql.Driver

// config is the driver Config of a mysql:// URL, as repository will
// build it: the DSN the driver derives from the URL.
func config(t testing.TB, raw string) driver.Config {
	t.Helper()
	u, err := dburl.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if u, err = drv.ParseURL(u); err != nil {
		t.Fatal(err)
	}
	return driver.Config{URL: u}
}

// fresh opens a new empty database of its own.
func fresh(t testing.TB) (*sql.DB, string) {
	t.Helper()
	raw := dbtest.MySQL(t)
	db, err := drv.OpenDB(config(t, raw))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db, raw
}

// migrated opens a new database with every migration applied.
func migrated(t testing.TB) (*sql.DB, string) {
	t.Helper()
	db, raw := fresh(t)
	m := migrator(t, raw)
	if err := m.Up(); err != nil {
		t.Fatalf("migrating up: %v", err)
	}
	return db, raw
}

// migrator is golang-migrate on migrations/mysql through the driver.
func migrator(t testing.TB, raw string) *migrate.Migrate {
	t.Helper()
	db, err := drv.OpenDB(config(t, raw))
	if err != nil {
		t.Fatal(err)
	}
	src, err := iofs.New(os.DirFS("../../migrations"), drv.Dir())
	if err != nil {
		t.Fatal(err)
	}
	inner, err := drv.Migrate(db)
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrate.NewWithInstance("iofs", src, "mysql", inner)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = m.Close() })
	return m
}

// txn is a scope's transaction on its one connection, as repository
// hands it to a driver.
type txn struct {
	*sql.Tx
	conn  *sql.Conn
	depth int
}

func begin(t testing.TB, db *sql.DB) *txn {
	t.Helper()
	x, done, err := newTxn(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(done)
	return x
}

// newTxn begins a transaction on a connection of its own; done rolls it
// back if still open and gives the connection back.
func newTxn(ctx context.Context, db *sql.DB) (*txn, func(), error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	tx, err := drv.Begin(ctx, ctx, conn)
	if err != nil {
		_ = conn.Close()
		return nil, nil, err
	}
	return &txn{Tx: tx, conn: conn}, func() { _ = tx.Rollback(); _ = conn.Close() }, nil
}

func (x *txn) Raw(fn func(any) error) error { return x.conn.Raw(fn) }

func (x *txn) Savepoint(ctx context.Context, fn func(driver.Tx) error) error {
	x.depth++
	defer func() { x.depth-- }()
	name := fmt.Sprintf("sp%d", x.depth)
	if _, err := x.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return err
	}
	if err := fn(x); err != nil {
		_, rbErr := x.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name)
		return errors.Join(err, rbErr)
	}
	_, err := x.ExecContext(ctx, "RELEASE SAVEPOINT "+name)
	return err
}

func commit(t testing.TB, x *txn) {
	t.Helper()
	if err := x.Commit(); err != nil {
		t.Fatal(err)
	}
}
