package schedule_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/schedule"
)

// instance is one "loader serve" on the warehouse: its own Store and
// Scheduler, whose runs take the pipeline's lock like etl.Runner.
type instance struct {
	store *repository.Store
	sched *schedule.Scheduler
}

// newInstance schedules pipeline "p" every second on the warehouse at
// url; each run holds the lock for hold. inRun counts the runs in
// progress across instances; overlap is set when two are.
func newInstance(t *testing.T, url string, hold time.Duration, inRun, overlap *atomic.Int32) *instance {
	t.Helper()
	store, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	run := func(ctx context.Context, pipeline string, _ int) error {
		release, err := store.LockPipeline(ctx, pipeline, false)
		if errors.Is(err, repository.ErrLocked) {
			return fmt.Errorf("%w: %w", schedule.ErrBusy, err)
		}
		if err != nil {
			return err
		}
		defer release()
		if inRun.Add(1) > 1 {
			overlap.Store(1)
		}
		defer inRun.Add(-1)
		r, err := store.StartRun(ctx, pipeline)
		if err != nil {
			return err
		}
		time.Sleep(hold)
		r.Status = models.RunSucceeded
		return store.FinishRun(ctx, &r)
	}
	skip := func(ctx context.Context, pipeline, reason string) error {
		_, err := store.RecordSkipped(ctx, pipeline, reason)
		return err
	}
	s, err := schedule.New([]schedule.Job{{Pipeline: "p", Spec: everySecond(t)}}, run, skip, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &instance{store: store, sched: s}
}

// Two schedulers on one warehouse never load the pipeline at once: the
// pipeline's lock makes the second skip, and each skip is a run row with
// status skipped and its reason.
func TestTwoSchedulersShareThePipelineLock(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		var inRun, overlap atomic.Int32
		a := newInstance(t, url, 2500*time.Millisecond, &inRun, &overlap)
		b := newInstance(t, url, 2500*time.Millisecond, &inRun, &overlap)
		ctx, cancel := context.WithCancel(context.Background())
		a.sched.Start(ctx)
		b.sched.Start(ctx)
		counts := waitForRuns(t, a.store, func(c map[string]int) bool { return c[models.RunSucceeded] >= 2 && c["busy"] >= 1 })
		cancel()
		for _, in := range []*instance{a, b} {
			stop, done := context.WithTimeout(context.Background(), 30*time.Second)
			if err := in.sched.Stop(stop); err != nil {
				t.Fatal(err)
			}
			done()
		}
		if overlap.Load() != 0 {
			t.Fatal("two runs of p were loading at once")
		}
		wantNoOverlap(t, a.store)
		t.Logf("runs by status: %v", counts)
	})
}

// waitForRuns polls the runs of p until done holds of their count by
// status ("busy" and "running_here" count the skips by reason), failing
// after a minute.
func waitForRuns(t *testing.T, s *repository.Store, done func(map[string]int) bool) map[string]int {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		runs, err := s.Runs(context.Background(), "p", 1000)
		if err != nil {
			t.Fatal(err)
		}
		c := map[string]int{}
		for _, r := range runs {
			c[r.Status]++
			if r.Status == models.RunSkipped && *r.Error == schedule.ReasonBusy {
				c["busy"]++
			} else if r.Status == models.RunSkipped {
				c["running_here"]++
			}
		}
		if done(c) {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: runs by status %v", c)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// wantNoOverlap fails when two loading runs of p overlap in time, as
// recorded.
func wantNoOverlap(t *testing.T, s *repository.Store) {
	t.Helper()
	runs, err := s.Runs(context.Background(), "p", 1000)
	if err != nil {
		t.Fatal(err)
	}
	var loads []models.LoadRun
	for _, r := range runs {
		if r.Status != models.RunSkipped {
			loads = append(loads, r)
		}
	}
	for i := 1; i < len(loads); i++ { // newest first
		if loads[i].FinishedAt == nil || loads[i].FinishedAt.After(loads[i-1].StartedAt) {
			t.Fatalf("run %d (%s–%v) overlaps run %d starting %s", loads[i].ID, loads[i].StartedAt, loads[i].FinishedAt, loads[i-1].ID, loads[i-1].StartedAt)
		}
	}
}
