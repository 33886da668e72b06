package repository

import (
	"context"
	"errors"

	"github.com/warehouse-loader/loader/etl"
)

// Warehouse is the Store as the engine sees it: it implements etl.Warehouse,
// mapping the engine's runs, rejects and state to the bookkeeping models.
type Warehouse struct {
	store *Store
}

var _ etl.Warehouse = (*Warehouse)(nil)

// NewWarehouse returns s as an etl.Warehouse.
func NewWarehouse(s *Store) *Warehouse { return &Warehouse{store: s} }

// LockPipeline takes the pipeline's lock (Store.LockPipeline); the error
// of a lock another process holds wraps etl.ErrAlreadyRunning as well as
// ErrLocked.
func (w *Warehouse) LockPipeline(ctx context.Context, pipeline string, wait bool) (func(), error) {
	release, err := w.store.LockPipeline(ctx, pipeline, wait)
	return release, also(err, ErrLocked, etl.ErrAlreadyRunning)
}

// StartRun records a new run of pipeline (Store.StartRun).
func (w *Warehouse) StartRun(ctx context.Context, pipeline string) (etl.Run, error) {
	run, err := w.store.StartRun(ctx, pipeline)
	return runOf(run), err
}

// FinishRun stores the run's end (Store.FinishRun).
func (w *Warehouse) FinishRun(ctx context.Context, run *etl.Run) error {
	m := loadRun(run)
	err := w.store.FinishRun(ctx, &m)
	run.FinishedAt = m.FinishedAt
	return err
}

// RecordHookError stores the run's hook errors (Store.RecordHookError).
func (w *Warehouse) RecordHookError(ctx context.Context, runID int64, msg string) error {
	return w.store.RecordHookError(ctx, runID, msg)
}

// State returns the pipeline's committed checkpoint (Store.State).
func (w *Warehouse) State(ctx context.Context, pipeline string) (etl.State, bool, error) {
	st, found, err := w.store.State(ctx, pipeline)
	return stateOf(st), found, err
}

// HasTable reports whether the table exists.
func (w *Warehouse) HasTable(ctx context.Context, table string) (bool, error) {
	return w.store.HasTable(ctx, table)
}

// Columns returns the table's column names (Store.Columns).
func (w *Warehouse) Columns(ctx context.Context, table string) ([]string, bool, error) {
	return w.store.Columns(ctx, table)
}

// HasRows reports whether the table holds a row (Store.HasRows).
func (w *Warehouse) HasRows(ctx context.Context, table string) (bool, error) {
	return w.store.HasRows(ctx, table)
}

// RequireUniqueKey fails unless a key of table covers exactly keys (its
// error wraps ErrNoUniqueKey).
func (w *Warehouse) RequireUniqueKey(ctx context.Context, table string, keys []string) error {
	return w.store.RequireUniqueKey(ctx, table, keys)
}

// StagingTable returns the staging table of a replace-mode load.
func (w *Warehouse) StagingTable(t Table, pipeline string) Table { return StagingTable(t, pipeline) }

// Transact runs fn in one transaction (Store.Scope).
func (w *Warehouse) Transact(ctx context.Context, fn func(etl.Tx) error) error {
	return w.store.Scope(ctx, func(sess *Session) error { return fn(warehouseTx{sess}) })
}

// also returns err so that errors.Is also finds extra in it when it wraps
// cause; other errors (and nil) are returned as they are.
func also(err, cause, extra error) error {
	if err == nil || !errors.Is(err, cause) {
		return err
	}
	return &alias{error: err, extra: extra}
}

// alias is an error that reads as its wrapped error and is also extra.
type alias struct {
	error
	extra error
}

func (a *alias) Unwrap() []error { return []error{a.error, a.extra} }
