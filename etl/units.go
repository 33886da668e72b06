package etl

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Unit is one input of a source made of many (a file among those a glob
// or a folder names): it is loaded as a source of its own, with its own
// checkpoint, and once loaded whole it is skipped by later runs until its
// Stamp changes.
type Unit struct {
	// Name names the unit in its set (a path relative to the folder the
	// pattern starts at); units are loaded in the order of their names.
	Name string
	// Path is the unit as the source opens it (a file path, an s3:// URL).
	Path string
	// Stamp tells versions of the unit apart without reading it: a file's
	// size and modification time, an object's ETag and size. A unit
	// loaded whole under the same stamp is not opened again.
	Stamp string
	// Size is its size in bytes, when known.
	Size int64
	// Open makes the unit's source.
	Open func(ctx context.Context) (Source, error)
}

// Multi is implemented by sources made of many units (see Unit). A run
// loads each unit that is new or whose stamp changed, one transaction per
// batch as for any source, the unit's checkpoint committed with its rows;
// several workers, in one process (Runner.Workers) or in many sharing the
// warehouse, split the units between them, each unit claimed by one
// worker at a time. The Multi is itself a Source that reads its units one
// after the other (for a dry run or a check); a run never uses it so.
type Multi interface {
	Source
	// Units lists the units, sorted by name. The list is taken once per
	// run.
	Units(ctx context.Context) ([]Unit, error)
	// Pattern is what the pipeline names (a glob, a folder), for messages.
	Pattern() string
}

// Unit statuses, as UnitLedger records them.
const (
	UnitLoaded = "loaded"
	UnitFailed = "failed"
	// UnitSkipped is only reported (Result.Units): the unit was loaded
	// whole before, under the same stamp.
	UnitSkipped = "skipped"
)

// UnitState is what the warehouse records of a unit once a worker is done
// with it.
type UnitState struct {
	// Pipeline and Name say which unit; Key is the name its checkpoint
	// and lease are kept under (see UnitKey).
	Pipeline, Name, Key string
	Stamp               string
	// Status is UnitLoaded or UnitFailed.
	Status string
	// Loaded counts the rows loaded from the unit (all runs).
	Loaded int64
	// Error is why it failed.
	Error string
	RunID int64
	// UpdatedAt is when it was recorded.
	UpdatedAt time.Time
}

// UnitLedger is the part of a Warehouse that keeps loads of many units
// (see Multi). The repository's Warehouse implements it.
type UnitLedger interface {
	// StartWorker records a run of pipeline that shares the pipeline with
	// other workers. The run holds a lock of its own until release, which
	// tells other workers it is alive; runs of the pipeline left running
	// by workers that died are marked failed. When exclusive is set (a
	// full refresh) the worker holds the pipeline's lock until release,
	// so no other worker starts meanwhile.
	StartWorker(ctx context.Context, pipeline string, exclusive bool) (run Run, release func(), err error)
	// Units returns what is recorded of the pipeline's units, by name.
	Units(ctx context.Context, pipeline string) (map[string]UnitState, error)
	// Unit returns what is recorded of the unit of key; found is false
	// when nothing is.
	Unit(ctx context.Context, key string) (state UnitState, found bool, err error)
	// LockUnit takes the unit's lock (see Warehouse.LockPipeline): one
	// worker loads a unit at a time. A refusal wraps ErrAlreadyRunning.
	LockUnit(ctx context.Context, key string, wait bool) (release func(), err error)
	// ClaimUnit makes run the owner of the unit's key (see Tx.CheckLease),
	// so a worker that lost the unit's lock cannot write it any more.
	ClaimUnit(ctx context.Context, key string, run int64) error
	// FinishUnit records the unit's state, in a transaction that checks
	// run still owns it.
	FinishUnit(ctx context.Context, u UnitState) error
	// ClearUnits forgets every unit of pipeline (their checkpoints and
	// states) and makes run the owner of each, and of the units of keys
	// (the run's listing) whether recorded or not, in tx: a full refresh.
	ClearUnits(ctx context.Context, tx Tx, pipeline string, keys []string, run int64) error
}

// ErrNoUnits is wrapped by the error of a run whose pattern names no
// input at all (no file matches the glob, the folder is empty).
var ErrNoUnits = errors.New("no input matches")

// UnitKey is the name a unit's checkpoint and lease are kept under:
// "pipeline/name", or for a name too long for the bookkeeping tables
// "pipeline/#" and a hash of it.
func UnitKey(pipeline, name string) string {
	const most = 255
	if k := pipeline + "/" + name; len(k) <= most {
		return k
	}
	sum := sha256.Sum256([]byte(name))
	return pipeline + "/#" + hex.EncodeToString(sum[:16])
}
