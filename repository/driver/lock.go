package driver

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/internal/dblock"
)

// Retry is dblock.Retry with this package's sentinel: a lock still busy
// when it gives up is ErrLocked (see Locked).
func Retry(ctx context.Context, wait bool, grace time.Duration, try func() (bool, error)) error {
	return Locked(dblock.Retry(ctx, wait, grace, try))
}

// Locked turns dblock's refusal into ErrLocked (naming the holders when
// the database told them); other errors pass as they are.
func Locked(err error) error {
	var held *dblock.HeldError
	switch {
	case errors.As(err, &held):
		return &HeldByError{Who: held.Who()}
	case errors.Is(err, dblock.ErrBusy):
		return ErrLocked
	}
	return err
}

// HeldByError is ErrLocked saying who holds the lock, when the database
// tells.
type HeldByError struct{ Who string }

func (e *HeldByError) Error() string { return fmt.Sprintf("%v (%s)", ErrLocked, e.Who) }
func (e *HeldByError) Unwrap() error { return ErrLocked }

// WarehouseRefusal turns a refused warehouse lock (ErrLocked) into the
// error that says why and what to do: ErrInUse for a schema change
// (exclusive), ErrSchemaChanging for a run. Other errors pass as they are.
func WarehouseRefusal(exclusive bool, err error) error {
	if !errors.Is(err, ErrLocked) {
		return err
	}
	who := ""
	var hb *HeldByError
	if errors.As(err, &hb) {
		who = " (" + hb.Who + ")"
	}
	if exclusive {
		return fmt.Errorf("%w%s and the schema cannot change under it; wait for it to finish, or pass --wait to wait for it", ErrInUse, who)
	}
	return fmt.Errorf("%w%s; wait for it to finish, or pass --wait to wait for it", ErrSchemaChanging, who)
}

// Both takes the warehouse lock, then the pipeline lock, and releases them
// in the opposite order.
func Both(ctx context.Context, wait bool, warehouse, pipeline func(ctx context.Context, wait bool) (func(), error)) (func(), error) {
	releaseWarehouse, err := warehouse(ctx, wait)
	if err != nil {
		return nil, err
	}
	releasePipeline, err := pipeline(ctx, wait)
	if err != nil {
		releaseWarehouse()
		return nil, err
	}
	return func() { releasePipeline(); releaseWarehouse() }, nil
}

// Lock spaces: the names LockPipeline takes are of three kinds, whose
// locks must never share a key (a worker holding its run's lock, or a full
// refresh holding its pipeline's, would wait for itself on a file's lock
// hashed to the same key). Drivers that hash names keep one key space per
// kind (see LockSpace).
const (
	// SpacePipeline is a pipeline's name ("orders").
	SpacePipeline = iota
	// SpaceUnit is a file of a pipeline that reads many ("orders/a.csv").
	SpaceUnit
	// SpaceRun is a worker's run, held while its process lives
	// ("orders#run/12"; see RunLockName).
	SpaceRun
)

// runMark separates a pipeline's name from a worker run's id in the name
// of the run's lock. Pipeline names hold neither '/' nor '#'.
const runMark = "#run/"

// RunLockName is the name of the lock a worker's run holds while its
// process lives.
func RunLockName(pipeline string, run int64) string {
	return pipeline + runMark + strconv.FormatInt(run, 10)
}

// LockSpace tells which kind of name a lock name is.
func LockSpace(name string) int {
	switch {
	case strings.Contains(name, runMark):
		return SpaceRun
	case strings.Contains(name, "/"):
		return SpaceUnit
	}
	return SpacePipeline
}
