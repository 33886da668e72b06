package schedule_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/schedule"
)

// everySecond is the schedule of these tests: a tick each second.
func everySecond(t *testing.T) schedule.Spec {
	t.Helper()
	s, err := schedule.Parse("*/1 * * * * *", "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// journal records what a Scheduler did, for the test to read.
type journal struct {
	mu       sync.Mutex
	attempts []int
	at       []time.Time
	skips    []string
	changed  chan struct{}
}

func newJournal() *journal { return &journal{changed: make(chan struct{}, 1000)} }

func (j *journal) attempt(n int) {
	j.mu.Lock()
	j.attempts, j.at = append(j.attempts, n), append(j.at, time.Now())
	j.mu.Unlock()
	j.changed <- struct{}{}
}

func (j *journal) skip(_ context.Context, pipeline, reason string) error {
	j.mu.Lock()
	j.skips = append(j.skips, pipeline+": "+reason)
	j.mu.Unlock()
	j.changed <- struct{}{}
	return nil
}

// wait returns once until holds of the journal, failing after a minute.
func (j *journal) wait(t *testing.T, until func(attempts []int, skips []string) bool) {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		j.mu.Lock()
		ok := until(j.attempts, j.skips)
		j.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-j.changed:
		case <-deadline:
			t.Fatalf("gave up waiting: attempts %v, skips %q", j.attempts, j.skips)
		}
	}
}

// start starts a Scheduler of one pipeline "p" and stops it when the test
// ends (cancelling its runs first).
func start(t *testing.T, job schedule.Job, run schedule.RunFunc, j *journal) context.CancelFunc {
	t.Helper()
	s, err := schedule.New([]schedule.Job{job}, run, j.skip, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.Start(ctx)
	t.Cleanup(func() {
		cancel()
		stop, done := context.WithTimeout(context.Background(), 30*time.Second)
		defer done()
		if err := s.Stop(stop); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return cancel
}

// Ticks that come while the run is going are skipped and recorded; no
// second run starts.
func TestTickWhileRunningIsSkipped(t *testing.T) {
	j := newJournal()
	release := make(chan struct{})
	run := func(ctx context.Context, _ string, attempt int) error {
		j.attempt(attempt)
		<-release
		return nil
	}
	start(t, schedule.Job{Pipeline: "p", Spec: everySecond(t)}, run, j)
	j.wait(t, func(a []int, s []string) bool { return len(s) >= 2 })
	close(release)
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.attempts) != 1 {
		t.Fatalf("%d runs started while the first was going; want 1", len(j.attempts))
	}
	for _, s := range j.skips {
		if s != "p: "+schedule.ReasonRunning {
			t.Fatalf("skip %q; want the previous run's reason", s)
		}
	}
}

// A failing run is tried Attempts times, each retry after a doubling
// backoff; the next tick starts over at attempt 1.
func TestFailedRunIsRetried(t *testing.T) {
	j := newJournal()
	run := func(ctx context.Context, _ string, attempt int) error {
		j.attempt(attempt)
		return errors.New("source unreachable")
	}
	retry := schedule.Retry{Attempts: 3, Backoff: 100 * time.Millisecond}
	start(t, schedule.Job{Pipeline: "p", Spec: everySecond(t), Retry: retry}, run, j)
	j.wait(t, func(a []int, _ []string) bool { return len(a) >= 4 && a[len(a)-1] == 1 })
	j.mu.Lock()
	defer j.mu.Unlock()
	first := 0
	for first < len(j.attempts) && j.attempts[first] != 1 {
		first++
	}
	if got := fmt.Sprint(j.attempts[first : first+4]); got != "[1 2 3 1]" {
		t.Fatalf("attempts %v; want 1 2 3 then the next tick's 1", j.attempts)
	}
	for i := 1; i < 3; i++ {
		if gap, want := j.at[first+i].Sub(j.at[first+i-1]), retry.Delay(i); gap < want {
			t.Errorf("retry %d came %s after the failure; want at least %s", i, gap, want)
		}
	}
}

// A run whose pipeline is locked elsewhere is skipped and recorded, not
// retried.
func TestBusyRunIsSkippedNotRetried(t *testing.T) {
	j := newJournal()
	run := func(ctx context.Context, _ string, attempt int) error {
		j.attempt(attempt)
		return fmt.Errorf("pipeline p: %w", schedule.ErrBusy)
	}
	start(t, schedule.Job{Pipeline: "p", Spec: everySecond(t), Retry: schedule.Retry{Attempts: 3, Backoff: time.Millisecond}}, run, j)
	j.wait(t, func(a []int, s []string) bool { return len(s) >= 2 })
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, a := range j.attempts {
		if a != 1 {
			t.Fatalf("attempts %v; a busy pipeline must not be retried", j.attempts)
		}
	}
	if j.skips[0] != "p: "+schedule.ReasonBusy {
		t.Fatalf("skip %q; want the busy reason", j.skips[0])
	}
}

// Cancelling the context ends a retry's backoff at once: no more tries,
// and Stop returns without waiting the hour out.
func TestCancelStopsRetries(t *testing.T) {
	j := newJournal()
	run := func(ctx context.Context, _ string, attempt int) error {
		j.attempt(attempt)
		return errors.New("target refused")
	}
	cancel := start(t, schedule.Job{Pipeline: "p", Spec: everySecond(t), Retry: schedule.Retry{Attempts: 5, Backoff: time.Hour}}, run, j)
	j.wait(t, func(a []int, _ []string) bool { return len(a) >= 1 })
	cancel()
	// Cleanup's Stop would fail after 30 s if the backoff were still waiting.
}

// Stop waits for the run in progress, which ends when its context is
// cancelled.
func TestStopWaitsForTheRun(t *testing.T) {
	j := newJournal()
	var mu sync.Mutex
	finished := false
	run := func(ctx context.Context, _ string, attempt int) error {
		j.attempt(attempt)
		<-ctx.Done()
		time.Sleep(200 * time.Millisecond) // the last batch commits
		mu.Lock()
		finished = true
		mu.Unlock()
		return ctx.Err()
	}
	s, err := schedule.New([]schedule.Job{{Pipeline: "p", Spec: everySecond(t)}}, run, j.skip, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.Start(ctx)
	j.wait(t, func(a []int, _ []string) bool { return len(a) == 1 })
	if next, ok := s.Next("p"); !ok || next.Before(time.Now().Add(-time.Second)) {
		t.Errorf("Next = %s, %v; want a time to come", next, ok)
	}
	if _, ok := s.Next("q"); ok {
		t.Error("Next of an unscheduled pipeline says it is scheduled")
	}
	cancel()
	stop, done := context.WithTimeout(context.Background(), 30*time.Second)
	defer done()
	if err := s.Stop(stop); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !finished {
		t.Fatal("Stop returned before the run ended")
	}
}

func TestNewRefusesDuplicatesAndEmptySchedules(t *testing.T) {
	for _, c := range []struct {
		jobs []schedule.Job
		want string
	}{
		{[]schedule.Job{{Pipeline: "p", Spec: everySecond(t)}, {Pipeline: "p", Spec: everySecond(t)}}, "pipeline p is scheduled twice"},
		{[]schedule.Job{{Pipeline: "p"}}, "pipeline p has no schedule"},
		{[]schedule.Job{{Pipeline: "p", Spec: everySecond(t), Retry: schedule.Retry{Attempts: -1}}}, "retry attempts is -1"},
	} {
		_, err := schedule.New(c.jobs, func(context.Context, string, int) error { return nil }, nil, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New = %v; want %q", err, c.want)
		}
	}
}
