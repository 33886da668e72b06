package etl

import (
	"context"
	"errors"

	"github.com/warehouse-loader/loader/etl/target"
)

// Warehouse is the database a Runner loads: the engine's port onto it.
// The repository package implements it (repository.NewWarehouse).
type Warehouse interface {
	// LockPipeline takes the lock that lets one run of pipeline at a time
	// write, waiting for it when wait is set. When another process holds
	// it and wait is not set, the error wraps ErrAlreadyRunning. release
	// frees it.
	LockPipeline(ctx context.Context, pipeline string, wait bool) (release func(), err error)
	RunRecorder
	// State returns the pipeline's committed checkpoint; found is false
	// when the pipeline never committed a batch.
	State(ctx context.Context, pipeline string) (state State, found bool, err error)
	// HasTable reports whether the table exists.
	HasTable(ctx context.Context, table string) (bool, error)
	// Columns returns the names of the table's columns, from the
	// database's catalogue; found is false when there is no such table.
	Columns(ctx context.Context, table string) (columns []string, found bool, err error)
	// HasRows reports whether the table holds at least one row.
	HasRows(ctx context.Context, table string) (bool, error)
	// RequireUniqueKey fails unless a primary key or unique index of the
	// table covers exactly keys, so an upsert on them can work.
	RequireUniqueKey(ctx context.Context, table string, keys []string) error
	// StagingTable returns the table a replace-mode load of t by pipeline
	// fills before its swap.
	StagingTable(t target.Table, pipeline string) target.Table
	// Transact runs fn in one transaction, committed when fn returns nil
	// and rolled back otherwise.
	Transact(ctx context.Context, fn func(Tx) error) error
}

// RunRecorder records runs: the part of a Warehouse that writes load_runs
// outside a batch's transaction.
type RunRecorder interface {
	// StartRun records a new run of pipeline as running and makes it the
	// pipeline's owner (see Tx.CheckLease); call it holding the lock.
	StartRun(ctx context.Context, pipeline string) (Run, error)
	// FinishRun stores the run's final status, counts and error, even when
	// ctx is cancelled (within a short bound of its own).
	FinishRun(ctx context.Context, run *Run) error
	// RecordHookError stores what the run's failing hooks said (see
	// Pipeline.OnSuccess), leaving the rest of the run as FinishRun
	// stored it, even when ctx is cancelled (within a short bound).
	RecordHookError(ctx context.Context, runID int64, msg string) error
}

// Tx is one transaction of a Warehouse: a batch's rows, its rejects, the
// run's counts and the checkpoint commit together or not at all.
type Tx interface {
	Ledger
	// CheckLease verifies that run still owns pipeline and keeps it owned
	// until the transaction ends; the error wraps ErrLeaseLost when
	// another run has taken the pipeline over.
	CheckLease(ctx context.Context, pipeline string, run int64) error
	// Savepoint runs fn in a nested transaction: fn's error rolls back
	// what fn wrote and no more.
	Savepoint(ctx context.Context, fn func(Tx) error) error
	// AppendRows inserts rows (values in t's column order) into t. A row
	// the database refuses gives an error a *RefusedError is in.
	AppendRows(ctx context.Context, t target.Table, rows [][]any) (int64, error)
	// UpsertRows inserts rows and updates those whose keys exist. With
	// tryCopy it first tries a plain bulk insert and says whether it
	// worked (copied).
	UpsertRows(ctx context.Context, t target.Table, keys []string, rows [][]any, tryCopy bool) (n int64, copied bool, err error)
	// CreateStaging creates staging empty, with t's columns and constraints.
	CreateStaging(ctx context.Context, t, staging target.Table) error
	// DropStaging drops the staging table.
	DropStaging(ctx context.Context, staging target.Table) error
	// ReplaceFromStaging swaps the rows of staging in for t's.
	ReplaceFromStaging(ctx context.Context, t, staging target.Table) (int64, error)
	// DeleteAllRows deletes every row of t and returns how many.
	DeleteAllRows(ctx context.Context, t target.Table) (int64, error)
	// AsyncCommit lets the transaction's commit return before it is
	// flushed to disk, where the database allows it safely.
	AsyncCommit(ctx context.Context) error
}

// Execer is a Tx that runs SQL statements, as a pipeline's BeforeSQL and
// AfterSQL need (the repository's Tx is one).
type Execer interface {
	// Exec runs statements in order; the first that fails stops it, its
	// error naming the statement's number and the database's reason, not
	// the statement.
	Exec(ctx context.Context, statements ...string) error
}

// Ledger is the bookkeeping a batch writes in its transaction.
type Ledger interface {
	// AddRejects stores rejected records.
	AddRejects(ctx context.Context, rejects []Reject) error
	// UpdateRunCounts stores the run's counts.
	UpdateRunCounts(ctx context.Context, run *Run) error
	// SaveState stores the pipeline's checkpoint.
	SaveState(ctx context.Context, state State) error
}

// ErrLeaseLost is wrapped by Tx.CheckLease's error when another run has
// claimed the pipeline since this one did: the run lost its pipeline lock
// and must not write.
var ErrLeaseLost = errors.New("the run no longer owns its pipeline")

// RefusedError is the database refusing a row's values (a value out of
// range or invalid for its type, a constraint the row breaks), as opposed
// to a failure of the connection or the statement. The runner then finds
// the rows at fault, each in a savepoint of its own, and rejects them.
type RefusedError struct {
	// Reason is the database's reason, on one line.
	Reason string
	// Err is the database's error.
	Err error
}

func (e *RefusedError) Error() string { return e.Reason }
func (e *RefusedError) Unwrap() error { return e.Err }

// refusedRow returns the reason of the RefusedError in err, if any.
func refusedRow(err error) (string, bool) {
	var r *RefusedError
	if errors.As(err, &r) {
		return r.Reason, true
	}
	return "", false
}
