package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-co-op/gocron/v2"
)

// ErrBusy is what a RunFunc's error wraps when the pipeline's lock is held
// by another run (of another loader serve, a manual loader run, a run
// started from the dashboard): the tick is skipped, not retried.
var ErrBusy = errors.New("the pipeline's lock is held by another run")

// Job is a pipeline with its schedule.
type Job struct {
	Pipeline string
	Spec     Spec
	Retry    Retry
}

// RunFunc runs one load of pipeline; attempt is 1 for a tick's first
// try, 2 for its first retry… It returns an error wrapping ErrBusy when
// the pipeline's lock is held elsewhere, and should stop soon after ctx is
// cancelled.
type RunFunc func(ctx context.Context, pipeline string, attempt int) error

// SkipFunc records a tick of pipeline that did not run, and why (for
// loader serve: Store.RecordSkipped).
type SkipFunc func(ctx context.Context, pipeline, reason string) error

// Reasons a tick is skipped, as given to the SkipFunc.
const (
	ReasonRunning = "the previous scheduled run of the pipeline is still going (or waiting to retry) in this process"
	ReasonBusy    = "the pipeline's lock is held by another run (another loader serve, a loader run, or run now on the dashboard)"
)

// Scheduler ticks its jobs and runs them through a RunFunc. Use New.
type Scheduler struct {
	jobs  map[string]*entry
	run   RunFunc
	skip  SkipFunc
	log   *slog.Logger
	cron  gocron.Scheduler
	runs  sync.WaitGroup
	quit  chan struct{}   // closed by Stop: no new tick or retry
	mu    sync.Mutex      // guards ctx, ended and runs.Add against Stop
	ctx   context.Context //nolint:containedctx // gocron calls the ticks without one; this is Start's, for the runs
	ended bool
}

// entry is one job and whether a run of it is going.
type entry struct {
	Job
	busy atomic.Bool
	cron gocron.Job
}

// New returns a Scheduler of jobs (each pipeline at most once); log may be
// nil. It ticks once started.
func New(jobs []Job, run RunFunc, skip SkipFunc, log *slog.Logger) (*Scheduler, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cron, err := gocron.NewScheduler(gocron.WithLocation(time.UTC), gocron.WithLogger(log))
	if err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	s := &Scheduler{jobs: map[string]*entry{}, run: run, skip: skip, log: log, cron: cron, quit: make(chan struct{})}
	for _, j := range jobs {
		if err := s.add(j); err != nil {
			_ = cron.Shutdown()
			return nil, err
		}
	}
	return s, nil
}

// add registers j with gocron.
func (s *Scheduler) add(j Job) error {
	if _, dup := s.jobs[j.Pipeline]; dup {
		return fmt.Errorf("schedule: pipeline %s is scheduled twice", j.Pipeline)
	}
	if j.Spec.cron == nil {
		return fmt.Errorf("schedule: pipeline %s has no schedule", j.Pipeline)
	}
	if err := j.Retry.Validate(); err != nil && j.Retry != (Retry{}) {
		return fmt.Errorf("schedule: pipeline %s: %w", j.Pipeline, err)
	}
	e := &entry{Job: j}
	var err error
	e.cron, err = s.cron.NewJob(gocron.CronJob(j.Spec.crontab(), true), gocron.NewTask(s.tick, e), gocron.WithName(j.Pipeline))
	if err != nil {
		return fmt.Errorf("schedule: pipeline %s: %s", j.Pipeline, cronError(j.Spec.Cron, err))
	}
	s.jobs[j.Pipeline] = e
	return nil
}

// Start starts ticking. Runs get ctx: cancelling it cancels them and
// stops the ticks (call Stop to wait for the runs to end).
func (s *Scheduler) Start(ctx context.Context) {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
	s.cron.Start()
	for _, e := range s.jobs {
		s.log.Info("schedule: pipeline scheduled", "pipeline", e.Pipeline, "schedule", e.Spec.String(), "next", e.Spec.Next(time.Now()))
	}
}

// Stop stops ticking and waits for the runs in progress to end, or for
// ctx to end (then it returns ctx's error). It starts no retry: a run
// waiting to retry ends at once. It does not cancel the runs: cancel the
// context given to Start for that.
func (s *Scheduler) Stop(ctx context.Context) error {
	s.mu.Lock()
	if !s.ended {
		s.ended = true
		close(s.quit)
	}
	s.mu.Unlock()
	err := s.cron.Shutdown()
	done := make(chan struct{})
	go func() { s.runs.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return fmt.Errorf("schedule: scheduled runs still going: %w", ctx.Err())
	}
	if err != nil && !errors.Is(err, gocron.ErrStopSchedulerTimedOut) {
		return fmt.Errorf("schedule: stopping: %w", err)
	}
	return nil
}

// Next returns when pipeline is next scheduled to run (gocron's next run
// once started, else the Spec's next time); false when it has no schedule
// here.
func (s *Scheduler) Next(pipeline string) (time.Time, bool) {
	e, ok := s.jobs[pipeline]
	if !ok {
		return time.Time{}, false
	}
	if next, err := e.cron.NextRun(); err == nil && !next.IsZero() {
		return next.In(e.Spec.Location), true
	}
	return e.Spec.Next(time.Now()), true
}

// Jobs returns the scheduled jobs, by pipeline.
func (s *Scheduler) Jobs() map[string]Job {
	out := make(map[string]Job, len(s.jobs))
	for p, e := range s.jobs {
		out[p] = e.Job
	}
	return out
}
