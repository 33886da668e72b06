package migrations

import (
	"context"
	"fmt"

	"github.com/golang-migrate/migrate/v4/database"
)

// Status is one migration and whether it is applied.
type Status struct {
	File
	Applied bool
}

// Version returns the current version (0 when none is applied) and whether
// the database is marked dirty.
func (mg *Migrator) Version(ctx context.Context) (uint, bool, error) {
	if err := ctx.Err(); err != nil {
		return 0, false, err
	}
	v, dirty, err := mg.drv.Version()
	if err != nil {
		return 0, false, fmt.Errorf("migrations: reading version: %w", err)
	}
	if v == database.NilVersion { // golang-migrate's "none", dirty after a failed last down
		return 0, dirty, nil
	}
	return uint(v), dirty, nil
}

// Status lists every migration with whether it is applied.
func (mg *Migrator) Status(ctx context.Context) ([]Status, error) {
	v, _, err := mg.Version(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Status, len(mg.files))
	for i, f := range mg.files {
		out[i] = Status{File: f, Applied: f.Version <= v}
	}
	return out, nil
}

// Up applies every pending migration and returns how many it applied.
func (mg *Migrator) Up(ctx context.Context) (int, error) {
	return mg.Goto(ctx, mg.files[len(mg.files)-1].Version)
}

// Down reverts the last n applied migrations. It returns ErrTooFar, having
// changed nothing, when fewer than n are applied.
func (mg *Migrator) Down(ctx context.Context, n int) (int, error) {
	if n < 1 {
		return 0, fmt.Errorf("migrations: down takes a count of 1 or more, got %d", n)
	}
	var applied int
	err := mg.locked(ctx, func() error {
		cur, err := mg.clean(ctx)
		if err != nil {
			return err
		}
		idx := mg.index(cur)
		if n > idx+1 {
			return fmt.Errorf("%w: cannot revert %d, only %d applied (version %d)", ErrTooFar, n, idx+1, cur)
		}
		applied, err = mg.step(ctx, cur, idx+1-n)
		return err
	})
	return applied, err
}

// Goto migrates up or down to version v (0 reverts everything).
func (mg *Migrator) Goto(ctx context.Context, v uint) (int, error) {
	target := -1
	if v != 0 {
		if target = mg.indexOf(v); target < 0 {
			return 0, fmt.Errorf("%w: %d; known versions: %s (or 0 for none)", ErrNoVersion, v, versions(mg.files))
		}
	}
	var applied int
	err := mg.locked(ctx, func() error {
		cur, err := mg.clean(ctx)
		if err != nil {
			return err
		}
		applied, err = mg.step(ctx, cur, target+1)
		return err
	})
	return applied, err
}

// Force records version v (0: none) as current and clean, without running
// any migration: the way out after repairing a dirty database by hand.
func (mg *Migrator) Force(ctx context.Context, v uint) error {
	if v != 0 && mg.indexOf(v) < 0 {
		return fmt.Errorf("%w: %d; known versions: %s (or 0 for none)", ErrNoVersion, v, versions(mg.files))
	}
	return mg.locked(ctx, func() error {
		release, err := mg.changing(ctx)
		if err != nil {
			return err
		}
		defer release()
		return mg.force(v)
	})
}

func (mg *Migrator) force(v uint) error {
	fv := int(v)
	if v == 0 {
		fv = database.NilVersion
	}
	if err := mg.m.Force(fv); err != nil {
		return fmt.Errorf("migrations: forcing version %d: %w", v, err)
	}
	return nil
}

// clean returns the current version, or an error wrapping ErrDirty that
// says what to check.
func (mg *Migrator) clean(ctx context.Context) (uint, error) {
	v, dirty, err := mg.Version(ctx)
	if err != nil {
		return 0, err
	}
	if dirty {
		return v, dirtyError(mg.files, v)
	}
	return v, nil
}

// changing takes the schema lock (WithSchemaLock), if any, for a change.
func (mg *Migrator) changing(ctx context.Context) (func(), error) {
	if mg.schemaLock == nil {
		return func() {}, nil
	}
	return mg.schemaLock(ctx)
}

// index returns the position in files of the applied version cur (-1: none).
func (mg *Migrator) index(cur uint) int {
	idx := -1
	for i, f := range mg.files {
		if f.Version <= cur {
			idx = i
		}
	}
	return idx
}

func (mg *Migrator) indexOf(v uint) int {
	for i, f := range mg.files {
		if f.Version == v {
			return i
		}
	}
	return -1
}

// step applies migrations one at a time until want files are applied,
// returning how many it ran.
func (mg *Migrator) step(ctx context.Context, cur uint, want int) (int, error) {
	if mg.index(cur)+1 == want {
		return 0, nil
	}
	release, err := mg.changing(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	mg.drv.use(ctx)
	n := 0
	for have := mg.index(cur) + 1; have != want; n++ {
		if err := ctx.Err(); err != nil {
			return n, fmt.Errorf("migrations: stopped at version %d: %w", cur, err)
		}
		var (
			dir int
			f   File
		)
		if have < want {
			dir, f = 1, mg.files[have]
		} else {
			dir, f = -1, mg.files[have-1]
		}
		if err := mg.m.Steps(dir); err != nil {
			return n, mg.recover(ctx, cur, f, dir, err)
		}
		mg.log.InfoContext(ctx, "migration applied", "file", fileOf(f, dir))
		have += dir
		cur = 0
		if have > 0 {
			cur = mg.files[have-1].Version
		}
	}
	return n, nil
}

func fileOf(f File, dir int) string {
	if dir > 0 {
		return f.Up
	}
	return f.Down
}
