package repository_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// A busy pipeline lock whose holder is alive is refused at once, on
// PostgreSQL too (it used to retry for 3 s), and names the holder there.
func TestPipelineLockRefusalIsImmediate(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, raw string) {
		a, b := openStore(t, raw), openStore(t, raw)
		release, err := a.LockPipeline(ctx, "p", false)
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		start := time.Now()
		_, err = b.LockPipeline(ctx, "p", false)
		took := time.Since(start)
		t.Logf("refused in %v", took)
		if !errors.Is(err, repository.ErrLocked) || took > 2*time.Second {
			t.Fatalf("second lock = %v after %v; want ErrLocked at once", err, took)
		}
		if holder := fmt.Sprintf("loader pid %d on ", os.Getpid()); dialectOf(raw) == "postgres" && !strings.Contains(err.Error(), holder) {
			t.Fatalf("refusal %q does not name the holder %q", err, holder)
		}
	})
}

// Pipeline runs hold the warehouse shared; a schema change needs it alone.
func TestSchemaChangeAndPipelineRunsExcludeEachOther(t *testing.T) {
	ctx := context.Background()
	urls := map[string]string{"memory": "sqlite://:memory:", "sqlite": dbtest.SQLite(t), "postgres": dbtest.Postgres(t)}
	for name, raw := range urls {
		t.Run(name, func(t *testing.T) {
			a, b := openStore(t, raw), openStore(t, raw)
			if name == "memory" {
				b = a // each Store of :memory: is a database of its own
			}
			run, err := a.LockPipeline(ctx, "p", false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.LockSchemaChange(ctx, false); !errors.Is(err, repository.ErrInUse) || errors.Is(err, repository.ErrLocked) {
				t.Fatalf("schema change during a run = %v, want ErrInUse", err)
			}
			use, err := b.LockSchemaUse(ctx, false)
			if err != nil {
				t.Fatalf("a second user of the schema: %v", err)
			}
			use()
			run()
			change, err := b.LockSchemaChange(ctx, false)
			if err != nil {
				t.Fatalf("schema change once the run ended: %v", err)
			}
			if _, err := a.LockPipeline(ctx, "p", false); !errors.Is(err, repository.ErrSchemaChanging) || errors.Is(err, repository.ErrLocked) {
				t.Fatalf("run during a schema change = %v, want ErrSchemaChanging", err)
			}
			done := inBackground(func() (func(), error) { return a.LockPipeline(ctx, "p", true) })
			time.Sleep(200 * time.Millisecond)
			change()
			if err := <-done; err != nil {
				t.Fatalf("a waiting run after the schema change: %v", err)
			}
		})
	}
}

// A schema change that waits is queued ahead of runs that start after it
// on PostgreSQL, so a stream of runs cannot starve it.
func TestWaitingSchemaChangeHoldsOffNewRuns(t *testing.T) {
	ctx := context.Background()
	raw := dbtest.Postgres(t)
	a, b, c := openStore(t, raw), openStore(t, raw), openStore(t, raw)
	run, err := a.LockPipeline(ctx, "p", false)
	if err != nil {
		t.Fatal(err)
	}
	done := inBackground(func() (func(), error) { return b.LockSchemaChange(ctx, true) })
	deadline := time.Now().Add(10 * time.Second)
	for {
		rel, err := c.LockPipeline(ctx, "q", false)
		if errors.Is(err, repository.ErrSchemaChanging) {
			break
		}
		if err != nil || time.Now().After(deadline) {
			t.Fatalf("new run while a schema change waits = %v", err)
		}
		rel()
		time.Sleep(20 * time.Millisecond)
	}
	run()
	if err := <-done; err != nil {
		t.Fatalf("the waiting schema change: %v", err)
	}
}

// inBackground takes a lock in a goroutine, releases it at once, and
// reports the outcome on the channel it returns.
func inBackground(lock func() (func(), error)) <-chan error {
	done := make(chan error, 1)
	go func() {
		release, err := lock()
		if err == nil {
			release()
		}
		done <- err
	}()
	return done
}
