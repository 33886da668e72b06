package etl

import (
	"context"
	"fmt"
)

// swap ends a replace-mode run: the staging table's rows replace the
// target's in one transaction.
func (j *job) swap(ctx context.Context) error {
	if j.staging == nil || j.dry {
		return nil
	}
	return j.Warehouse.Transact(ctx, func(sess Tx) error {
		if err := sess.CheckLease(ctx, j.stateKey(), j.run.ID); err != nil {
			return fmt.Errorf("%w; the swap was not done", err)
		}
		if ok, err := j.Warehouse.HasTable(ctx, j.staging.Name); err != nil || !ok {
			return err // nothing staged: the source was already fully loaded
		}
		_, err := sess.ReplaceFromStaging(ctx, j.p.Target, *j.staging)
		return err
	})
}

// dropStaging drops a replace run's staging table when the run will not
// swap it in (every record was rejected), so the next run starts afresh.
func (j *job) dropStaging(ctx context.Context) error {
	if j.staging == nil || j.dry {
		return nil
	}
	return j.Warehouse.Transact(ctx, func(sess Tx) error {
		if err := sess.CheckLease(ctx, j.stateKey(), j.run.ID); err != nil {
			return err
		}
		return sess.DropStaging(ctx, *j.staging)
	})
}

// dropDryStaging drops the staging table a dry run of a replace pipeline
// made, where the rollback of its batch could not (DDL that commits
// implicitly, as on MySQL).
func (j *job) dropDryStaging(ctx context.Context) error {
	if j.staging == nil || !j.dry {
		return nil
	}
	ok, err := j.Warehouse.HasTable(ctx, j.staging.Name)
	if err != nil || !ok {
		return err
	}
	return j.Warehouse.Transact(ctx, func(sess Tx) error { return sess.DropStaging(ctx, *j.staging) })
}
