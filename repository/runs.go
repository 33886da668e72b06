package repository

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/warehouse-loader/loader/models"
)

// StartRun records a new run of pipeline as running and makes it the
// pipeline's owner (ClaimLease). Runs of the pipeline still marked running
// whose process died are then marked failed (see sweepRuns); call it while
// holding the pipeline's lock.
func (s *Store) StartRun(ctx context.Context, pipeline string) (models.LoadRun, error) {
	run := models.LoadRun{Pipeline: pipeline, Status: models.RunRunning, StartedAt: s.Now()}
	err := s.Scope(ctx, func(sess *Session) error {
		if err := sess.Gorm(ctx).Create(&run).Error; err != nil {
			return mapError(err)
		}
		// The lease before the other runs' rows, in the order a batch of
		// the previous owner takes them (CheckLease, then its run's
		// counts), so a takeover cannot deadlock with it.
		return sess.ClaimLease(ctx, pipeline, run.ID)
	})
	if err != nil {
		return run, fmt.Errorf("recording the start of run of %s: %w", pipeline, err)
	}
	if _, err := s.sweepRuns(ctx, pipeline, run.ID); err != nil {
		return run, fmt.Errorf("recording the start of run %d of %s: %w", run.ID, pipeline, err)
	}
	return run, nil
}

// finishTimeout bounds FinishRun: it runs when the run is over, perhaps
// cancelled by a signal, and must not keep a stopping process alive.
const finishTimeout = 5 * time.Second

// FinishRun stores the final status, counts and error of run. It runs even
// when ctx is cancelled, within finishTimeout (or the statement timeout
// when shorter); an attempt that fails because the connection was lost is
// retried once on a fresh connection. When the end cannot be recorded, the
// error says so and that the run shows as running until the next run of
// its pipeline marks it failed.
func (s *Store) FinishRun(ctx context.Context, run *models.LoadRun) error {
	now := s.Now()
	run.FinishedAt = &now
	ctx, done := s.afterRun(ctx)
	err := s.finishRun(ctx, run)
	if lostConnection(err) && ctx.Err() == nil {
		s.dropIdleConns()
		err = s.finishRun(ctx, run)
	}
	if err = done(err); err != nil {
		return fmt.Errorf("could not record the end of run %d (%w); it shows as running until the next run of %s marks it failed", run.ID, err, run.Pipeline)
	}
	return nil
}

// afterRun returns ctx without its cancellation, bounded by finishTimeout
// (or the statement timeout when shorter): for what is recorded when a
// run is over, perhaps cancelled by a signal.
func (s *Store) afterRun(ctx context.Context) (context.Context, func(error) error) {
	bound := finishTimeout
	if s.statementTimeout > 0 {
		bound = min(bound, s.statementTimeout)
	}
	return limit(context.WithoutCancel(ctx), bound)
}

func (s *Store) finishRun(ctx context.Context, run *models.LoadRun) error {
	return s.Scope(ctx, func(sess *Session) error {
		return mapError(sess.Gorm(ctx).Select("*").Updates(run).Error)
	})
}

// dropIdleConns closes the pool's idle connections, so that the next call
// connects afresh instead of reusing one that may have broken with the
// one that just failed.
func (s *Store) dropIdleConns() {
	s.sqlDB.SetMaxIdleConns(0)
	s.sqlDB.SetMaxIdleConns(s.maxConn)
}

// UpdateRunCounts stores the run's counts inside a batch's transaction, so
// the counts always match what is committed.
func (sess *Session) UpdateRunCounts(ctx context.Context, run *models.LoadRun) error {
	err := sess.Gorm(ctx).Model(&models.LoadRun{ID: run.ID}).Updates(map[string]any{
		"rows_read": run.RowsRead, "rows_loaded": run.RowsLoaded, "rows_rejected": run.RowsRejected,
		"rows_dropped": run.RowsDropped,
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
	err = s.query(ctx, func(db *gorm.DB) error { return db.Where("pipeline = ?", pipeline).Take(&state).Error })
	if errors.Is(err, ErrNotFound) {
		return state, false, nil
	}
	return state, err == nil, err
}

// SaveState stores the pipeline's progress in the session's transaction.
func (sess *Session) SaveState(ctx context.Context, state models.LoadState) error {
	state.UpdatedAt = sess.store.Now()
	err := sess.Gorm(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "pipeline"}}, UpdateAll: true}).Create(&state).Error
	return mapError(err)
}

// ClearState forgets the pipeline's progress and its owner (load_leases),
// so the next run starts over.
func (sess *Session) ClearState(ctx context.Context, pipeline string) error {
	if err := sess.Gorm(ctx).Where("pipeline = ?", pipeline).Delete(&models.LoadState{}).Error; err != nil {
		return mapError(err)
	}
	return mapError(sess.Gorm(ctx).Where("pipeline = ?", pipeline).Delete(&models.LoadLease{}).Error)
}

// Reset is what ResetPipeline did.
type Reset struct {
	// Checkpoint is the checkpoint removed; found is false when the
	// pipeline had none.
	Checkpoint models.LoadState
	Found      bool
	// Truncated counts the rows deleted from the target (with truncate).
	Truncated int64
	// Files counts the files of a many-file pipeline forgotten (each with
	// its checkpoint).
	Files int64
}

// ResetPipeline removes the pipeline's checkpoint (and its lease), so its
// next run reads the source from its first record; with truncate (a table
// name) it also deletes every row of that table, in the same transaction.
// It holds the pipeline's lock (LockPipeline: refused, wrapping ErrLocked,
// while a run of it is in progress). The loader's bookkeeping tables are
// never truncated.
func (s *Store) ResetPipeline(ctx context.Context, pipeline, truncate string) (Reset, error) {
	if err := s.refuseBookkeeping(truncate); err != nil {
		return Reset{}, err
	}
	release, err := s.LockPipeline(ctx, pipeline, false)
	if err != nil {
		return Reset{}, err
	}
	defer release()
	switch alive, err := s.sweepRuns(ctx, pipeline, 0); {
	case err != nil:
		return Reset{}, err
	case len(alive) > 0:
		return Reset{}, fmt.Errorf("pipeline %s: %w: run %d is loading its files", pipeline, ErrLocked, alive[0])
	}
	var out Reset
	err = s.Scope(ctx, func(sess *Session) error {
		err := sess.Gorm(ctx).Where("pipeline = ?", pipeline).Take(&out.Checkpoint).Error
		if out.Found = err == nil; err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return mapError(err)
		}
		if err := sess.ClearState(ctx, pipeline); err != nil {
			return err
		}
		if out.Files, err = sess.forgetUnits(ctx, pipeline); err != nil || truncate == "" {
			return err
		}
		out.Truncated, err = sess.deleteAll(ctx, truncate)
		return err
	})
	if err != nil {
		return Reset{}, fmt.Errorf("resetting %s: %w", pipeline, err)
	}
	return out, nil
}

// refuseBookkeeping fails when table is one of the loader's own tables:
// a bookkeeping model's, the migrations' version table or a staging table
// (the tables Targets refuses).
func (s *Store) refuseBookkeeping(table string) error {
	own, err := s.ownTable(table)
	if err != nil {
		return err
	}
	if own {
		return fmt.Errorf("%s is one of the loader's own tables (bookkeeping, migrations or staging); reset never empties it", table)
	}
	return nil
}

// ownTable reports whether table is one of the loader's own tables: a
// bookkeeping model's, the migrations' version table or a staging table.
func (s *Store) ownTable(table string) (bool, error) {
	own := reservedTable(table)
	for _, m := range models.All() {
		if _, ok := m.(models.Bookkeeping); !ok || own {
			continue
		}
		t, err := s.TableOf(m)
		if err != nil {
			return false, err
		}
		own = t.Name == table
	}
	return own, nil
}

// Runs returns the most recent runs, newest first (all pipelines when
// pipeline is empty).
func (s *Store) Runs(ctx context.Context, pipeline string, limit int) ([]models.LoadRun, error) {
	return s.RunsPage(ctx, RunFilter{Pipeline: pipeline, Limit: limit})
}

// Run returns one run, or an error wrapping ErrNotFound.
func (s *Store) Run(ctx context.Context, id int64) (models.LoadRun, error) {
	var run models.LoadRun
	err := s.query(ctx, func(db *gorm.DB) error { return db.Take(&run, id).Error })
	if err != nil {
		return run, fmt.Errorf("run %d: %w", id, err)
	}
	return run, nil
}

// Rejects returns up to limit rejects of a run, in source order.
func (s *Store) Rejects(ctx context.Context, runID int64, limit int) ([]models.LoadReject, error) {
	return s.RejectsPage(ctx, RejectFilter{RunID: runID, Limit: limit})
}
