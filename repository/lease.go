package repository

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/warehouse-loader/loader/models"
)

// ErrLeaseLost is wrapped by CheckLease's error when another run has
// claimed the pipeline since this one did: the run lost its pipeline lock
// (its connection was closed) and must not write.
var ErrLeaseLost = errors.New("the run no longer owns its pipeline")

// ClaimLease makes run the owner of pipeline, in the session's
// transaction. On PostgreSQL it waits for a batch of the previous owner
// that is committing (CheckLease holds the row), so that batch's
// checkpoint is visible once the claim commits.
func (sess *Session) ClaimLease(ctx context.Context, pipeline string, run int64) error {
	lease := models.LoadLease{Pipeline: pipeline, LoadRunID: run, AcquiredAt: sess.store.Now()}
	err := sess.Gorm(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "pipeline"}}, UpdateAll: true}).Create(&lease).Error
	if err != nil {
		return fmt.Errorf("claiming pipeline %s for run %d: %w", pipeline, run, mapError(err))
	}
	return nil
}

// CheckLease verifies, in the session's transaction, that run still owns
// pipeline, and holds the lease (a row lock on PostgreSQL; SQLite write
// transactions are serialised anyway) until the transaction ends, so no
// other run can claim the pipeline between the check and the commit. It
// returns an error wrapping ErrLeaseLost when another run owns it.
func (sess *Session) CheckLease(ctx context.Context, pipeline string, run int64) error {
	q := sess.Gorm(ctx).Where("pipeline = ?", pipeline)
	if sess.store.drv.LocksRows() {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var lease models.LoadLease
	err := q.Take(&lease).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%w: pipeline %s has no owner; run %d never claimed it", ErrLeaseLost, pipeline, run)
	case err != nil:
		return fmt.Errorf("checking that run %d owns pipeline %s: %w", run, pipeline, mapError(err))
	case lease.LoadRunID != run:
		return fmt.Errorf("%w: run %d of %s took it over at %s", ErrLeaseLost, lease.LoadRunID, pipeline, lease.AcquiredAt.UTC().Format("2006-01-02 15:04:05Z"))
	}
	return nil
}
