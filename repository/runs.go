package repository

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/warehouse-loader/loader/models"
)

// StartRun records a new run of pipeline as running and makes it the
// pipeline's owner (ClaimLease). Runs of the pipeline still marked running
// (their process died) are marked failed first; call it while holding the
// pipeline's lock.
func (s *Store) StartRun(ctx context.Context, pipeline string) (models.LoadRun, error) {
	run := models.LoadRun{Pipeline: pipeline, Status: models.RunRunning, StartedAt: s.Now()}
	err := s.Scope(ctx, func(sess *Session) error {
		msg := "interrupted: the process ended without finishing the run"
		err := sess.Gorm(ctx).Model(&models.LoadRun{}).
			Where("pipeline = ? AND status = ?", pipeline, models.RunRunning).
			Updates(map[string]any{"status": models.RunFailed, "finished_at": s.Now(), "error": msg}).Error
		if err != nil {
			return mapError(err)
		}
		if err := sess.Gorm(ctx).Create(&run).Error; err != nil {
			return mapError(err)
		}
		return sess.ClaimLease(ctx, pipeline, run.ID)
	})
	if err != nil {
		return run, fmt.Errorf("recording the start of run of %s: %w", pipeline, err)
	}
	return run, nil
}

// FinishRun stores the final status, counts and error of run.
func (s *Store) FinishRun(ctx context.Context, run *models.LoadRun) error {
	now := s.Now()
	run.FinishedAt = &now
	return s.Scope(ctx, func(sess *Session) error {
		return mapError(sess.Gorm(ctx).Select("*").Updates(run).Error)
	})
}

// UpdateRunCounts stores the run's counts inside a batch's transaction, so
// the counts always match what is committed.
func (sess *Session) UpdateRunCounts(ctx context.Context, run *models.LoadRun) error {
	err := sess.Gorm(ctx).Model(&models.LoadRun{ID: run.ID}).Updates(map[string]any{
		"rows_read": run.RowsRead, "rows_loaded": run.RowsLoaded, "rows_rejected": run.RowsRejected,
	}).Error
	return mapError(err)
}

// AddRejects stores rejected records.
func (sess *Session) AddRejects(ctx context.Context, rejects []models.LoadReject) error {
	if len(rejects) == 0 {
		return nil
	}
	return mapError(sess.Gorm(ctx).CreateInBatches(rejects, 500).Error)
}

// State returns the pipeline's committed progress; found is false when the
// pipeline never committed a batch.
func (s *Store) State(ctx context.Context, pipeline string) (state models.LoadState, found bool, err error) {
	err = s.gdb.WithContext(ctx).Where("pipeline = ?", pipeline).Take(&state).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return state, false, nil
	}
	return state, err == nil, mapError(err)
}

// SaveState stores the pipeline's progress in the session's transaction.
func (sess *Session) SaveState(ctx context.Context, state models.LoadState) error {
	state.UpdatedAt = sess.store.Now()
	err := sess.Gorm(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "pipeline"}}, UpdateAll: true}).Create(&state).Error
	return mapError(err)
}

// ClearState forgets the pipeline's progress, so the next run starts over.
func (sess *Session) ClearState(ctx context.Context, pipeline string) error {
	return mapError(sess.Gorm(ctx).Where("pipeline = ?", pipeline).Delete(&models.LoadState{}).Error)
}

// Runs returns the most recent runs, newest first (all pipelines when
// pipeline is empty).
func (s *Store) Runs(ctx context.Context, pipeline string, limit int) ([]models.LoadRun, error) {
	q := s.gdb.WithContext(ctx).Order("id DESC").Limit(limit)
	if pipeline != "" {
		q = q.Where("pipeline = ?", pipeline)
	}
	var runs []models.LoadRun
	err := q.Find(&runs).Error
	return runs, mapError(err)
}

// Run returns one run, or an error wrapping ErrNotFound.
func (s *Store) Run(ctx context.Context, id int64) (models.LoadRun, error) {
	var run models.LoadRun
	err := s.gdb.WithContext(ctx).Take(&run, id).Error
	if err != nil {
		return run, fmt.Errorf("run %d: %w", id, mapError(err))
	}
	return run, nil
}

// Rejects returns up to limit rejects of a run, in source order.
func (s *Store) Rejects(ctx context.Context, runID int64, limit int) ([]models.LoadReject, error) {
	var out []models.LoadReject
	err := s.gdb.WithContext(ctx).Where("load_run_id = ?", runID).Order("id").Limit(limit).Find(&out).Error
	return out, mapError(err)
}
