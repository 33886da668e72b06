package repository

import (
	"context"
	"fmt"
)

// DeleteRowsOfEarlierRuns deletes, in the session's transaction, the rows
// of t that earlier runs of pipeline wrote (by load_run_id), keeping those
// of run keep: the start of a full refresh of an append-mode pipeline. It
// returns the rows deleted; a table without load_run_id is an error.
func (sess *Session) DeleteRowsOfEarlierRuns(ctx context.Context, t Table, pipeline string, keep int64) (int64, error) {
	if t.Index(RunColumn) < 0 {
		return 0, fmt.Errorf("%s has no %s column to tell which rows earlier runs of %s loaded; empty it yourself and run again with a full refresh", t.Name, RunColumn, pipeline)
	}
	q := fmt.Sprintf("DELETE FROM %s WHERE %s IN (SELECT id FROM load_runs WHERE pipeline = ? AND id <> ?)", sess.store.drv.Quote(t.Name), sess.store.drv.Quote(RunColumn))
	res := sess.Gorm(ctx).Exec(q, pipeline, keep)
	if res.Error != nil {
		return 0, fmt.Errorf("deleting the rows earlier runs of %s loaded into %s: %w", pipeline, t.Name, mapError(res.Error))
	}
	return res.RowsAffected, nil
}
