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
	"github.com/warehouse-loader/loader/repository/repositorytest"
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

// Pipeline runs and schema changes exclude each other on an in-memory
// database too (the conformance suite checks files and servers).
func TestSchemaChangeAndPipelineRunsExcludeEachOtherInMemory(t *testing.T) {
	s := openStore(t, "sqlite://:memory:")
	repositorytest.ExcludeEachOther(t, s, s) // each Store of :memory: is a database of its own
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
	done := repositorytest.InBackground(func() (func(), error) { return b.LockSchemaChange(ctx, true) })
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
