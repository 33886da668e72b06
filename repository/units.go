package repository

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository/driver"
)

var _ etl.UnitLedger = (*Warehouse)(nil)

// aliveKey is the lock a worker's run holds while its process lives.
func aliveKey(pipeline string, run int64) string { return driver.RunLockName(pipeline, run) }

// unitRange is the condition on a bookkeeping table's pipeline column
// that selects the keys of pipeline's units ("pipeline/…"): a prefix
// compared as such, not as a range (collations that ignore punctuation
// would sort '/' anywhere) nor with LIKE and its escapes.
func unitRange(db *gorm.DB, pipeline string) *gorm.DB {
	prefix := pipeline + "/"
	return db.Where("SUBSTR(pipeline, 1, ?) = ?", utf8.RuneCountInString(prefix), prefix)
}

// StartWorker records a run of pipeline shared with other workers (see
// etl.UnitLedger): holding the pipeline's lock for a moment (for the
// whole run when exclusive), it records the run, takes the run's own
// lock, which tells other workers it lives, and marks failed the runs of
// the pipeline still marked running whose lock is free (their process
// died).
func (w *Warehouse) StartWorker(ctx context.Context, pipeline string, exclusive bool) (etl.Run, func(), error) {
	unlock, err := w.LockPipeline(ctx, pipeline, true)
	if err != nil {
		return etl.Run{}, nil, err
	}
	defer func() {
		if unlock != nil {
			unlock()
		}
	}()
	s := w.store
	run := models.LoadRun{Pipeline: pipeline, Status: models.RunRunning, StartedAt: s.Now()}
	if err := s.Scope(ctx, func(sess *Session) error { return mapError(sess.Gorm(ctx).Create(&run).Error) }); err != nil {
		return etl.Run{}, nil, fmt.Errorf("recording the start of a run of %s: %w", pipeline, err)
	}
	alive, err := s.LockPipeline(ctx, aliveKey(pipeline, run.ID), false)
	if err != nil {
		return etl.Run{}, nil, err
	}
	if _, err := s.sweepRuns(ctx, pipeline, run.ID); err != nil {
		alive()
		return etl.Run{}, nil, err
	}
	release := alive
	if exclusive {
		held := unlock
		unlock = nil
		release = func() { alive(); held() }
	}
	return runOf(run), release, nil
}

// sweepRuns marks failed the runs of pipeline other than except still
// marked running whose lock no process holds (their process died; runs
// that are not workers' hold none: their pipeline's lock, which the
// caller holds, said they were alone), and returns those whose process
// lives.
func (s *Store) sweepRuns(ctx context.Context, pipeline string, except int64) ([]int64, error) {
	var ids, alive []int64
	err := s.query(ctx, func(db *gorm.DB) error {
		return db.Model(&models.LoadRun{}).Where("pipeline = ? AND status = ? AND id <> ?", pipeline, models.RunRunning, except).Pluck("id", &ids).Error
	})
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		release, err := s.LockPipeline(ctx, aliveKey(pipeline, id), false)
		if errors.Is(err, ErrLocked) {
			alive = append(alive, id)
			continue
		}
		if err != nil {
			return nil, err
		}
		msg := "interrupted: the process ended without finishing the run"
		err = s.Scope(ctx, func(sess *Session) error {
			return mapError(sess.Gorm(ctx).Model(&models.LoadRun{}).Where("id = ? AND status = ?", id, models.RunRunning).
				Updates(map[string]any{"status": models.RunFailed, "finished_at": s.Now(), "error": msg}).Error)
		})
		release()
		if err != nil {
			return nil, err
		}
	}
	return alive, nil
}

// Units returns the recorded units of pipeline, by name.
func (w *Warehouse) Units(ctx context.Context, pipeline string) (map[string]etl.UnitState, error) {
	var rows []models.LoadUnit
	err := w.store.query(ctx, func(db *gorm.DB) error { return db.Where("pipeline = ?", pipeline).Find(&rows).Error })
	if err != nil {
		return nil, fmt.Errorf("reading the files of %s: %w", pipeline, err)
	}
	out := make(map[string]etl.UnitState, len(rows))
	for i := range rows {
		out[rows[i].Name] = unitStateOf(&rows[i])
	}
	return out, nil
}

// Unit returns the recorded state of the unit of key.
func (w *Warehouse) Unit(ctx context.Context, key string) (etl.UnitState, bool, error) {
	var rows []models.LoadUnit
	err := w.store.query(ctx, func(db *gorm.DB) error { return db.Where("unit = ?", key).Limit(1).Find(&rows).Error })
	if err != nil {
		return etl.UnitState{}, false, fmt.Errorf("reading the record of %s: %w", key, err)
	}
	if len(rows) == 0 {
		return etl.UnitState{}, false, nil
	}
	return unitStateOf(&rows[0]), true, nil
}

// unitStateOf is the engine's view of a unit's record.
func unitStateOf(r *models.LoadUnit) etl.UnitState {
	u := etl.UnitState{Pipeline: r.Pipeline, Name: r.Name, Key: r.Unit, Stamp: r.Stamp, Status: r.Status, Loaded: r.RowsLoaded, RunID: r.LoadRunID, UpdatedAt: r.UpdatedAt}
	if r.Error != nil {
		u.Error = *r.Error
	}
	return u
}

// LockUnit takes a unit's lock, like a pipeline's (LockPipeline).
func (w *Warehouse) LockUnit(ctx context.Context, key string, wait bool) (func(), error) {
	return w.LockPipeline(ctx, key, wait)
}

// ClaimUnit makes run the owner of the unit's key.
func (w *Warehouse) ClaimUnit(ctx context.Context, key string, run int64) error {
	return w.store.Scope(ctx, func(sess *Session) error { return sess.ClaimLease(ctx, key, run) })
}

// FinishUnit records the unit's state in a transaction that first checks
// the run still owns it.
func (w *Warehouse) FinishUnit(ctx context.Context, u etl.UnitState) error {
	s := w.store
	m := models.LoadUnit{Unit: u.Key, Pipeline: u.Pipeline, Name: u.Name, Stamp: u.Stamp, Status: u.Status, RowsLoaded: u.Loaded, LoadRunID: u.RunID, UpdatedAt: s.Now()}
	if u.Error != "" {
		e := u.Error
		m.Error = &e
	}
	ctx, done := limit(ctx, finishTimeout)
	err := s.Scope(ctx, func(sess *Session) error {
		if err := sess.CheckLease(ctx, u.Key, u.RunID); err != nil {
			return also(err, ErrLeaseLost, etl.ErrLeaseLost)
		}
		return mapError(sess.Gorm(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "unit"}}, UpdateAll: true}).Create(&m).Error)
	})
	if err = done(err); err != nil {
		return fmt.Errorf("recording that %s of %s %s: %w", u.Name, u.Pipeline, u.Status, err)
	}
	return nil
}

// ClearUnits forgets every unit of pipeline and makes run the owner of
// each, in tx.
func (w *Warehouse) ClearUnits(ctx context.Context, tx etl.Tx, pipeline string, keys []string, run int64) error {
	wt, ok := tx.(warehouseTx)
	if !ok {
		return errors.New("ClearUnits needs a transaction of this warehouse")
	}
	return wt.sess.clearUnits(ctx, pipeline, keys, run)
}

// clearUnits deletes the checkpoints and records of pipeline's units and
// hands their leases to run.
//
// The leases go first, in the order a batch takes its rows (its lease
// row, then its checkpoint's): taking them waits for the batches being
// committed, whose checkpoints are then visible to the deletes, and a
// worker's batch cannot hold a checkpoint row this transaction waits for
// while waiting for a lease row it holds.
func (sess *Session) clearUnits(ctx context.Context, pipeline string, keys []string, run int64) error {
	now := sess.store.Now()
	err := unitRange(sess.Gorm(ctx).Model(&models.LoadLease{}), pipeline).
		Updates(map[string]any{"load_run_id": run, "acquired_at": now}).Error
	if err != nil {
		return mapError(err)
	}
	leases := make([]models.LoadLease, len(keys))
	for i, k := range keys {
		leases[i] = models.LoadLease{Pipeline: k, LoadRunID: run, AcquiredAt: now}
	}
	if len(leases) > 0 {
		err = sess.Gorm(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "pipeline"}}, UpdateAll: true}).CreateInBatches(leases, 500).Error
		if err != nil {
			return mapError(err)
		}
	}
	return sess.deleteUnits(ctx, pipeline)
}

// deleteUnits deletes the checkpoints and records of pipeline's units.
func (sess *Session) deleteUnits(ctx context.Context, pipeline string) error {
	if err := unitRange(sess.Gorm(ctx), pipeline).Delete(&models.LoadState{}).Error; err != nil {
		return mapError(err)
	}
	return mapError(sess.Gorm(ctx).Where("pipeline = ?", pipeline).Delete(&models.LoadUnit{}).Error)
}

// forgetUnits deletes the leases, checkpoints and records of pipeline's
// units (loader reset), the leases first as in clearUnits, and returns how
// many files were forgotten.
func (sess *Session) forgetUnits(ctx context.Context, pipeline string) (int64, error) {
	if err := unitRange(sess.Gorm(ctx), pipeline).Delete(&models.LoadLease{}).Error; err != nil {
		return 0, mapError(err)
	}
	var n int64
	if err := sess.Gorm(ctx).Model(&models.LoadUnit{}).Where("pipeline = ?", pipeline).Count(&n).Error; err != nil {
		return 0, mapError(err)
	}
	return n, sess.deleteUnits(ctx, pipeline)
}
