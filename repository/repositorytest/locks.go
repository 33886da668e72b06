package repositorytest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/repository"
)

// lockPipeline: one run of a pipeline at a time per warehouse; another
// pipeline, or the same one in another warehouse, is free; a waiting run
// gets the lock once it is released.
func lockPipeline(t *testing.T, tg Target, raw string) {
	a, b := OpenStore(t, raw), OpenStore(t, raw)
	ctx := context.Background()
	release, err := a.LockPipeline(ctx, "p", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.LockPipeline(ctx, "p", false); !errors.Is(err, repository.ErrLocked) {
		t.Fatalf("second lock = %v, want ErrLocked", err)
	}
	other, err := b.LockPipeline(ctx, "other", false)
	if err != nil {
		t.Fatalf("another pipeline's lock: %v", err)
	}
	other()
	elsewhere := OpenStore(t, tg.NewURL(t)) // another warehouse
	rel, err := elsewhere.LockPipeline(ctx, "p", false)
	if err != nil {
		t.Fatalf("the same pipeline in another warehouse: %v", err)
	}
	rel()
	done := make(chan error)
	go func() {
		rel, err := b.LockPipeline(ctx, "p", true)
		if err == nil {
			rel()
		}
		done <- err
	}()
	time.Sleep(200 * time.Millisecond)
	release()
	if err := <-done; err != nil {
		t.Fatalf("waiting lock: %v", err)
	}
}

// Pipeline runs hold the warehouse shared; a schema change needs it alone.
func schemaChangeAndRunsExcludeEachOther(t *testing.T, _ Target, raw string) {
	ExcludeEachOther(t, OpenStore(t, raw), OpenStore(t, raw))
}

// ExcludeEachOther checks that a and b, two Stores of one warehouse,
// exclude each other as a pipeline run and a schema change must.
func ExcludeEachOther(t *testing.T, a, b *repository.Store) {
	t.Helper()
	ctx := context.Background()
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
	done := InBackground(func() (func(), error) { return a.LockPipeline(ctx, "p", true) })
	time.Sleep(200 * time.Millisecond)
	change()
	if err := <-done; err != nil {
		t.Fatalf("a waiting run after the schema change: %v", err)
	}
}

// InBackground takes a lock in a goroutine, releases it at once, and
// reports the outcome on the channel it returns.
func InBackground(lock func() (func(), error)) <-chan error {
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
