package repository

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/models"
)

// RecordSkipped records a run of pipeline that did not load: status
// skipped, started and finished now, zero counts, reason in its error (a
// scheduled tick that found the previous run still going, or the
// pipeline's lock held elsewhere). It takes neither the pipeline's lock
// nor its lease and marks no other run: a skipped run never changes what
// the next run resumes from, nor which run owns the pipeline. Like
// FinishRun it runs even when ctx is cancelled, within finishTimeout (or
// the statement timeout when shorter), so a skip seen while stopping is
// still recorded.
func (s *Store) RecordSkipped(ctx context.Context, pipeline, reason string) (models.LoadRun, error) {
	run, err := s.recordUnrun(ctx, pipeline, models.RunSkipped, reason)
	if err != nil {
		return run, fmt.Errorf("recording a skipped run of %s: %w", pipeline, err)
	}
	return run, nil
}

// RecordNotStarted records a run of pipeline that failed before it could
// start (its source could not be opened, its pipeline not built), so that
// a scheduled tick which did not load shows in the history with why:
// status failed, zero counts, reason in its error. Like RecordSkipped it
// takes no lock or lease and changes nothing a run resumes from.
func (s *Store) RecordNotStarted(ctx context.Context, pipeline, reason string) (models.LoadRun, error) {
	run, err := s.recordUnrun(ctx, pipeline, models.RunFailed, reason)
	if err != nil {
		return run, fmt.Errorf("recording a run of %s that could not start: %w", pipeline, err)
	}
	return run, nil
}

func (s *Store) recordUnrun(ctx context.Context, pipeline, status, reason string) (models.LoadRun, error) {
	now := s.Now()
	run := models.LoadRun{Pipeline: pipeline, Status: status, StartedAt: now, FinishedAt: &now, Error: &reason}
	ctx, done := s.afterRun(ctx)
	err := s.Scope(ctx, func(sess *Session) error { return mapError(sess.Gorm(ctx).Create(&run).Error) })
	return run, done(err)
}
