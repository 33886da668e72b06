package dblock_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/warehouse-loader/loader/internal/dblock"
	"github.com/warehouse-loader/loader/internal/dbtest"
)

func TestRetry(t *testing.T) {
	ctx := context.Background()
	tries := 0
	err := dblock.Retry(ctx, false, 5*time.Second, func() (bool, error) { tries++; return tries == 3, nil })
	if err != nil || tries != 3 {
		t.Fatalf("busy twice within the grace: %v after %d tries, want the lock on the third", err, tries)
	}
	tries = 0
	err = dblock.Retry(ctx, false, 0, func() (bool, error) { tries++; return false, nil })
	if !errors.Is(err, dblock.ErrBusy) || tries != 1 {
		t.Fatalf("busy without grace: %v after %d tries, want ErrBusy after one", err, tries)
	}
	boom := errors.New("boom")
	if err := dblock.Retry(ctx, true, 0, func() (bool, error) { return false, boom }); !errors.Is(err, boom) {
		t.Fatalf("failing try = %v, want its error", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if err := dblock.Retry(ctx, true, 0, func() (bool, error) { return false, nil }); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting past the deadline = %v, want DeadlineExceeded", err)
	}
}

func TestGraceForHolders(t *testing.T) {
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	dead := dblock.NameFor(gone.Process.Pid)
	tests := []struct {
		name    string
		holders []string
		want    time.Duration
	}{
		{"a live loader here", []string{dblock.HolderName}, 0},
		{"a live and a dead loader", []string{dead, dblock.HolderName}, 0},
		{"a dead loader here", []string{dead}, dblock.Grace},
		{"another program", []string{"psql"}, dblock.ShortGrace},
		{"a loader elsewhere", []string{"loader pid 1 on another-host"}, dblock.ShortGrace},
		{"none left", nil, dblock.ShortGrace},
	}
	for _, tt := range tests {
		if got := dblock.GraceFor(tt.holders); got != tt.want {
			t.Errorf("%s: grace %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestHeldErrorListsThreeHolders(t *testing.T) {
	err := &dblock.HeldError{Holders: []string{"a", "b", "c", "d", "e"}}
	if got, want := err.Error(), dblock.ErrBusy.Error()+" (a, b, c and 2 more)"; got != want || !errors.Is(err, dblock.ErrBusy) {
		t.Fatalf("HeldError = %q, want %q wrapping ErrBusy", got, want)
	}
}

func TestFlockExcludesAndCreates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "warehouse.db")
	if _, err := dblock.Flock(ctx, path, false, false); err == nil || !strings.Contains(err.Error(), "opening "+path+" to lock it") {
		t.Fatalf("flock of a missing file without create = %v, want the open error", err)
	}
	release, err := dblock.Flock(ctx, path, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("create did not create the file: %v", err)
	}
	if _, err := dblock.Flock(ctx, path, false, false); !errors.Is(err, dblock.ErrBusy) {
		t.Fatalf("second flock = %v, want ErrBusy", err)
	}
	done := make(chan error, 1)
	go func() {
		r, err := dblock.Flock(ctx, path, false, true)
		if err == nil {
			r()
		}
		done <- err
	}()
	time.Sleep(150 * time.Millisecond)
	release()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("waiting flock: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("waiting flock did not return within 15 s of the release")
	}
}

// pgPool opens the test's own PostgreSQL schema.
func pgPool(t *testing.T) *sql.DB {
	db, err := sql.Open("pgx", dbtest.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func open(t *testing.T, db *sql.DB, name string) *dblock.Conn {
	c, err := dblock.Open(context.Background(), db, name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An exclusive advisory lock refuses a second session at once, naming the
// holder; after Release the lock is free and the connection has its old
// application_name back.
func TestAdvisoryPairRefusedNamedAndReleased(t *testing.T) {
	ctx := context.Background()
	db := pgPool(t)
	a, b := open(t, db, dblock.HolderName), open(t, db, "")
	defer b.Release()
	if !strings.Contains(a.Where(), ".t_") {
		t.Fatalf("Where = %q, want database.test schema", a.Where())
	}
	lk := dblock.Lock{Key: dblock.Pair(0x10AD, a.Hash32("p"))}
	if err := a.Take(ctx, lk, false); err != nil {
		t.Fatal(err)
	}
	err := b.Take(ctx, lk, false)
	var held *dblock.HeldError
	if !errors.As(err, &held) || held.Who() != dblock.HolderName {
		t.Fatalf("second take = %v, want ErrBusy naming %q", err, dblock.HolderName)
	}
	a.Release()
	if err := b.Take(ctx, lk, false); err != nil {
		t.Fatalf("take after release: %v", err)
	}
	var names int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", dblock.HolderName).Scan(&names); err != nil || names != 0 {
		t.Fatalf("sessions still named %q after release: %d (%v)", dblock.HolderName, names, err)
	}
}

// Shared locks share; an exclusive one waits for them until ctx ends, and
// the one-bigint key space is its own.
func TestAdvisorySharedAndSingleKeys(t *testing.T) {
	ctx := context.Background()
	db := pgPool(t)
	a, b, c := open(t, db, ""), open(t, db, ""), open(t, db, "")
	defer c.Release()
	shared := dblock.Lock{Key: dblock.Single(42), Shared: true}
	if err := a.Take(ctx, shared, false); err != nil {
		t.Fatal(err)
	}
	if err := b.Take(ctx, shared, false); err != nil {
		t.Fatalf("second shared take: %v", err)
	}
	if err := c.Take(ctx, dblock.Lock{Key: dblock.Pair(0, 42)}, false); err != nil {
		t.Fatalf("the pair key (0, 42) is not the bigint 42: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if err := c.Take(short, dblock.Lock{Key: dblock.Single(42)}, true); err == nil {
		t.Fatal("exclusive take while shared holders hold it succeeded")
	}
	a.Release()
	b.Release()
	d := open(t, db, "") // c's cut-short statement left c unusable
	defer d.Release()
	if err := d.Take(ctx, dblock.Lock{Key: dblock.Single(42)}, true); err != nil {
		t.Fatalf("exclusive take once the holders left: %v", err)
	}
}
