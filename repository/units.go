package repository

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/models"
)

var _ etl.UnitLedger = (*Warehouse)(nil)

// aliveKey is the lock a worker's run holds while its process lives.
func aliveKey(pipeline string, run int64) string {
	return pipeline + "#run/" + strconv.FormatInt(run, 10)
}

// unitRange is the condition on a bookkeeping table's pipeline column
// that selects the keys of pipeline's units ("pipeline/…": '0' follows
// '/'), without LIKE and its escapes.
func unitRange(db *gorm.DB, pipeline string) *gorm.DB {
	return db.Where("pipeline >= ? AND pipeline < ?", pipeline+"/", pipeline+"0")
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
	if err := w.failDeadWorkers(ctx, pipeline, run.ID); err != nil {
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

// failDeadWorkers marks failed the runs of pipeline other than run still
// marked running whose lock no process holds.
func (w *Warehouse) failDeadWorkers(ctx context.Context, pipeline string, run int64) error {
	s := w.store
	var ids []int64
	err := s.query(ctx, func(db *gorm.DB) error {
		return db.Model(&models.LoadRun{}).Where("pipeline = ? AND status = ? AND id <> ?", pipeline, models.RunRunning, run).Pluck("id", &ids).Error
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		release, err := s.LockPipeline(ctx, aliveKey(pipeline, id), false)
		if errors.Is(err, ErrLocked) {
			continue // alive
		}
		if err != nil {
			return err
		}
		msg := "interrupted: the process ended without finishing the run"
		err = s.Scope(ctx, func(sess *Session) error {
			return mapError(sess.Gorm(ctx).Model(&models.LoadRun{}).Where("id = ? AND status = ?", id, models.RunRunning).
				Updates(map[string]any{"status": models.RunFailed, "finished_at": s.Now(), "error": msg}).Error)
		})
		release()
		if err != nil {
			return err
		}
	}
	return nil
}

// Units returns the recorded units of pipeline, by name.
func (w *Warehouse) Units(ctx context.Context, pipeline string) (map[string]etl.UnitState, error) {
	var rows []models.LoadUnit
	err := w.store.query(ctx, func(db *gorm.DB) error { return db.Where("pipeline = ?", pipeline).Find(&rows).Error })
	if err != nil {
		return nil, fmt.Errorf("reading the files of %s: %w", pipeline, err)
	}
	out := make(map[string]etl.UnitState, len(rows))
	for _, r := range rows {
		u := etl.UnitState{Pipeline: r.Pipeline, Name: r.Name, Key: r.Unit, Stamp: r.Stamp, Status: r.Status, Loaded: r.RowsLoaded, RunID: r.LoadRunID, UpdatedAt: r.UpdatedAt}
		if r.Error != nil {
			u.Error = *r.Error
		}
		out[r.Name] = u
	}
	return out, nil
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
func (w *Warehouse) ClearUnits(ctx context.Context, tx etl.Tx, pipeline string, run int64) error {
	wt, ok := tx.(warehouseTx)
	if !ok {
		return errors.New("ClearUnits needs a transaction of this warehouse")
	}
	return wt.sess.clearUnits(ctx, pipeline, run)
}

// clearUnits deletes the checkpoints and records of pipeline's units and
// hands their leases to run.
func (sess *Session) clearUnits(ctx context.Context, pipeline string, run int64) error {
	db := sess.Gorm(ctx)
	if err := unitRange(db, pipeline).Delete(&models.LoadState{}).Error; err != nil {
		return mapError(err)
	}
	if err := db.Where("pipeline = ?", pipeline).Delete(&models.LoadUnit{}).Error; err != nil {
		return mapError(err)
	}
	err := unitRange(sess.Gorm(ctx).Model(&models.LoadLease{}), pipeline).
		Updates(map[string]any{"load_run_id": run, "acquired_at": sess.store.Now()}).Error
	return mapError(err)
}

// forgetUnits deletes the checkpoints, leases and records of pipeline's
// units (loader reset): a worker still loading one fails at its next
// batch.
func (sess *Session) forgetUnits(ctx context.Context, pipeline string) error {
	db := sess.Gorm(ctx)
	if err := unitRange(db, pipeline).Delete(&models.LoadState{}).Error; err != nil {
		return mapError(err)
	}
	if err := unitRange(sess.Gorm(ctx), pipeline).Delete(&models.LoadLease{}).Error; err != nil {
		return mapError(err)
	}
	return mapError(sess.Gorm(ctx).Where("pipeline = ?", pipeline).Delete(&models.LoadUnit{}).Error)
}
