package etl

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// Errors the checks before a run can end it with.
var (
	// ErrTargetMissing: the target table, or a column the pipeline
	// writes, is not in the database (a migration is not applied).
	ErrTargetMissing = errors.New("the target is not in the database")
	// ErrTargetEmptied: the pipeline's checkpoint says rows were loaded
	// under it, but the target is empty (it was recreated or emptied), so
	// resuming would skip records whose rows are gone.
	ErrTargetEmptied = errors.New("the target no longer holds what the checkpoint describes")
)

// ready checks, holding the pipeline's lock and before a run starts, that
// the schema is current (Runner.Ready), that the target table and every
// column the pipeline writes exist, and that an upsert's keys are a unique
// key of the table.
func (r *Runner) ready(ctx context.Context, p *Pipeline) error {
	if r.Ready != nil {
		if err := r.Ready(ctx); err != nil {
			return err
		}
	}
	if err := r.checkTarget(ctx, p); err != nil {
		return fmt.Errorf("pipeline %s: %w", p.Name, err)
	}
	if p.Mode == Upsert {
		if err := r.Warehouse.RequireUniqueKey(ctx, p.Target.Name, p.Keys); err != nil {
			return fmt.Errorf("pipeline %s: %w", p.Name, err)
		}
	}
	return nil
}

// checkTarget checks the database's catalogue has the target table with
// every column the pipeline writes.
func (r *Runner) checkTarget(ctx context.Context, p *Pipeline) error {
	cols, found, err := r.Warehouse.Columns(ctx, p.Target.Name)
	switch {
	case err != nil:
		return err
	case !found:
		return missingError(fmt.Sprintf("target table %s is missing from the database: run loader migrate up", p.Target.Name))
	}
	for _, c := range p.Target.Columns {
		if !slices.Contains(cols, c.Name) {
			return missingError(fmt.Sprintf("target %s has no column %s that the pipeline writes: add a migration (loader migrate diff) and run loader migrate up", p.Target.Name, c.Name))
		}
	}
	return nil
}

// missingError is an ErrTargetMissing that reads as its own message.
type missingError string

func (e missingError) Error() string        { return string(e) }
func (e missingError) Is(target error) bool { return target == ErrTargetMissing }

// targetEmptied reports whether the target lost the rows the checkpoint st
// accounts for: st counts rows loaded under it (State.Loaded), and the
// table holds none. A checkpoint under which nothing was loaded (every
// run loaded 0 rows, or it predates the count) is never refused.
func (j *job) targetEmptied(ctx context.Context, st State) (bool, error) {
	if st.Loaded == 0 {
		return false, nil
	}
	has, err := j.Warehouse.HasRows(ctx, j.p.Target.Name)
	return !has, err
}

// emptiedError is the error of a run whose target lost the rows of its
// checkpoint.
func (j *job) emptiedError(st State) error {
	return fmt.Errorf("%w: %s is empty, yet %d rows were loaded into it up to record %d of the source (run %d); it was recreated or emptied, so resuming would skip those records",
		ErrTargetEmptied, j.p.Target.Name, st.Loaded, st.Records, st.RunID)
}
