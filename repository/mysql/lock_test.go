package mysql_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/repository/driver"
)

// A second run of a pipeline is refused at once naming the holder's
// connection, another pipeline is not, and a waiter gets the lock once it
// is released.
func TestLockPipeline(t *testing.T) {
	ctx := context.Background()
	db, raw := fresh(t)
	cfg := config(t, raw)
	release, err := drv.LockPipeline(ctx, db, cfg, "sales", false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = drv.LockPipeline(ctx, db, cfg, "sales", false)
	var held *driver.HeldByError
	if !errors.As(err, &held) || !errors.Is(err, driver.ErrLocked) || !strings.Contains(err.Error(), "connection ") {
		t.Fatalf("second lock = %v, want ErrLocked naming the holder", err)
	}
	other, err := drv.LockPipeline(ctx, db, cfg, strings.Repeat("long pipeline name ", 10), false)
	if err != nil {
		t.Fatalf("another pipeline (a name beyond 64 characters): %v", err)
	}
	other()
	got := make(chan error, 1)
	go func() {
		r, err := drv.LockPipeline(ctx, db, cfg, "sales", true)
		if err == nil {
			r()
		}
		got <- err
	}()
	time.Sleep(200 * time.Millisecond)
	release()
	if err := <-got; err != nil {
		t.Fatalf("waiting for the lock: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	release, _ = drv.LockPipeline(ctx, db, cfg, "sales", false)
	defer release()
	if _, err := drv.LockPipeline(short, db, cfg, "sales", true); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting past the deadline = %v, want DeadlineExceeded", err)
	}
}

// A killed client's locks are free: the server ends its connection.
func TestLockFreedWhenConnectionDies(t *testing.T) {
	ctx := context.Background()
	db, raw := fresh(t)
	cfg := config(t, raw)
	victim, err := drv.OpenDB(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = victim.Close() }()
	if _, err := drv.LockPipeline(ctx, victim, cfg, "sales", false); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.QueryRow("SELECT IS_USED_LOCK(CONCAT('loader.', DATABASE(), '.pipeline.sales'))").Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("KILL ?", id); err != nil {
		t.Fatal(err)
	}
	release, err := drv.LockPipeline(ctx, db, cfg, "sales", false)
	if err != nil {
		t.Fatalf("lock of a killed connection: %v", err)
	}
	release()
}

// The warehouse lock: runs share it, a migration excludes them and waits
// for them, and runs are refused while a migration holds it.
func TestLockWarehouseSharedExclusive(t *testing.T) {
	ctx := context.Background()
	db, raw := fresh(t)
	cfg := config(t, raw)
	lock := func(exclusive, wait bool) (func(), error) { return drv.LockWarehouse(ctx, db, cfg, exclusive, wait) }
	r1, err1 := lock(false, false)
	r2, err2 := lock(false, false)
	if err1 != nil || err2 != nil {
		t.Fatalf("two runs: %v, %v", err1, err2)
	}
	if _, err := lock(true, false); !errors.Is(err, driver.ErrInUse) {
		t.Fatalf("migration during runs = %v, want ErrInUse", err)
	}
	r1()
	waited := make(chan error, 1)
	go func() {
		r, err := lock(true, true)
		if err == nil {
			time.Sleep(200 * time.Millisecond)
			r()
		}
		waited <- err
	}()
	time.Sleep(200 * time.Millisecond)
	if _, err := lock(false, false); !errors.Is(err, driver.ErrSchemaChanging) {
		t.Fatalf("a run while a migration waits = %v, want ErrSchemaChanging", err)
	}
	r2()
	if err := <-waited; err != nil {
		t.Fatalf("migration waiting for the runs: %v", err)
	}
	r3, err := lock(false, true)
	if err != nil {
		t.Fatalf("a run after the migration: %v", err)
	}
	r3()
	assertNoLocks(t, db)
}

func assertNoLocks(t *testing.T, db *sql.DB) {
	t.Helper()
	var free int
	if err := db.QueryRow("SELECT IS_FREE_LOCK(CONCAT('loader.', DATABASE(), '.warehouse.gate'))").Scan(&free); err != nil || free != 1 {
		t.Fatalf("the gate is still held (%v)", err)
	}
}
