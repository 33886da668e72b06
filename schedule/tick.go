package schedule

import (
	"context"
	"errors"
	"time"
)

// tick is gocron's task for e: it starts a run in a goroutine of the
// Scheduler's own (so Stop waits for it, not gocron), or skips the tick
// when e's previous run is still going.
func (s *Scheduler) tick(e *entry) {
	ctx, ok := s.begin()
	if !ok {
		return
	}
	if !e.busy.CompareAndSwap(false, true) {
		s.skipped(ctx, e.Pipeline, ReasonRunning)
		s.runs.Done()
		return
	}
	s.log.Info("schedule: tick", "pipeline", e.Pipeline)
	go func() {
		defer s.runs.Done()
		defer e.busy.Store(false)
		s.attempts(ctx, e)
	}()
}

// begin returns the run context and counts a run in s.runs, unless the
// Scheduler is stopped or its context is over.
func (s *Scheduler) begin() (context.Context, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended || s.ctx == nil || s.ctx.Err() != nil {
		return nil, false
	}
	s.runs.Add(1)
	return s.ctx, true
}

// attempts runs e, retrying after a failure (not after ErrBusy or a
// cancelled ctx) until its tries are used up.
func (s *Scheduler) attempts(ctx context.Context, e *entry) {
	for attempt := 1; ; attempt++ {
		err := s.run(ctx, e.Pipeline, attempt)
		switch {
		case err == nil:
			s.log.Info("schedule: run succeeded", "pipeline", e.Pipeline, "attempt", attempt)
			return
		case errors.Is(err, ErrBusy):
			reason := ReasonBusy
			var be *busyError
			if errors.As(err, &be) {
				reason = be.reason
			}
			s.skipped(ctx, e.Pipeline, reason)
			return
		case ctx.Err() != nil:
			s.log.Info("schedule: run cancelled", "pipeline", e.Pipeline, "attempt", attempt, "error", err)
			return
		case attempt >= e.Retry.tries():
			s.log.Error("schedule: run failed", "pipeline", e.Pipeline, "attempt", attempt, "error", err)
			return
		}
		wait := e.Retry.Delay(attempt)
		s.log.Warn("schedule: run failed; retrying", "pipeline", e.Pipeline, "attempt", attempt, "retry_in", wait, "error", err)
		if !s.sleep(ctx, wait) {
			s.log.Info("schedule: retry abandoned: stopping", "pipeline", e.Pipeline, "attempt", attempt+1)
			return
		}
	}
}

// sleep waits d; false when ctx ended or the Scheduler stopped first.
func (s *Scheduler) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.quit:
	}
	return false
}

// skipped logs a skipped tick and records it with the SkipFunc.
func (s *Scheduler) skipped(ctx context.Context, pipeline, reason string) {
	s.log.Warn("schedule: tick skipped", "pipeline", pipeline, "reason", reason)
	if s.skip == nil {
		return
	}
	if err := s.skip(ctx, pipeline, reason); err != nil {
		s.log.Error("schedule: could not record the skipped tick", "pipeline", pipeline, "error", err)
	}
}

// busyError is ErrBusy with the reason its skipped tick records.
type busyError struct{ reason string }

func (e *busyError) Error() string { return e.reason }
func (e *busyError) Unwrap() error { return ErrBusy }

// Busy returns an error wrapping ErrBusy for a RunFunc to return when the
// tick must not run for another reason than the pipeline's lock (another
// process already ran it for this tick): reason is what the skipped tick
// records.
func Busy(reason string) error { return &busyError{reason: reason} }
