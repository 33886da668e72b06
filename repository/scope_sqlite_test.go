package repository_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the "sqlite3" driver, for a writer of its own

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// TestSQLiteScopeWaitingForTheWriteLockObeysCancellation: a scope waiting
// for the write lock another connection holds ends when its context is
// cancelled, not when SQLite's busy timeout (10 s) runs out; once the lock
// is free, a scope takes it.
func TestSQLiteScopeWaitingForTheWriteLockObeysCancellation(t *testing.T) {
	raw := dbtest.SQLite(t)
	dbtest.Migrate(t, raw)
	s := openStore(t, raw)
	_, u, err := drivers.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite3", u.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	writer, err := other.Begin() // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.Scope(ctx, func(*repository.Session) error { return nil })
	if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) || time.Since(start) > 3*time.Second {
		t.Fatalf("scope waiting for the write lock: %v after %s; want the context's end within a second or so", err, time.Since(start))
	}
	go func() { time.Sleep(300 * time.Millisecond); _ = writer.Rollback() }()
	if err := s.Scope(context.Background(), func(*repository.Session) error { return nil }); err != nil {
		t.Fatalf("scope once the lock is released: %v", err)
	}
}
