package repository

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/models"
)

// RecordHookError stores what the run's failing after-run hooks said in
// load_runs.hook_error, leaving the run's status, counts and error as
// FinishRun stored them. Like FinishRun it runs even when ctx is
// cancelled, within finishTimeout (or the statement timeout when
// shorter).
func (s *Store) RecordHookError(ctx context.Context, runID int64, msg string) error {
	ctx, done := s.afterRun(ctx)
	err := s.Scope(ctx, func(sess *Session) error {
		return mapError(sess.Gorm(ctx).Model(&models.LoadRun{ID: runID}).Update("hook_error", msg).Error)
	})
	if err = done(err); err != nil {
		return fmt.Errorf("recording the hook error of run %d: %w", runID, err)
	}
	return nil
}
