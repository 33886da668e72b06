package migrations

import (
	"errors"
	"fmt"
)

// ErrOutOfDate is returned (wrapped) by RequireCurrent when the schema is
// older than the migrations: run them first.
var ErrOutOfDate = errors.New("warehouse schema out of date")

// RequireCurrent returns nil when a schema at version v, dirty or not, is
// one files can serve: clean and at least at their last version (a later
// version is a folder of extra migrations given to `migrate`). Otherwise
// it returns an error wrapping ErrDirty or ErrOutOfDate that says what to
// run.
func RequireCurrent(files []File, v uint, dirty bool) error {
	if dirty {
		return dirtyError(files, v)
	}
	if need := files[len(files)-1].Version; v < need {
		return errorf(ErrOutOfDate, "the warehouse schema is at version %d, the loader needs %d: run `loader migrate up`", v, need)
	}
	return nil
}

// dirtyError explains a database marked dirty at version v, which only
// something outside a transaction leaves (the golang-migrate CLI, an older
// loader): golang-migrate marks the target version dirty, runs the file,
// then marks it clean. Whether the file's changes are in is what a person
// must check; the error names the file and the two ways out.
func dirtyError(files []File, v uint) error {
	up, down := -1, -1 // the files whose run leaves v dirty
	for i, f := range files {
		if f.Version == v {
			up = i
		}
		if f.Version > v && down < 0 {
			down = i
		}
	}
	switch {
	case up >= 0 && down >= 0:
		return errorf(ErrDirty, "%s; if it was `loader migrate down` that was interrupted, check %s instead: force %d if its changes are in, %d if not",
			dirtyUp(files, up), files[down].Down, v, files[down].Version)
	case up >= 0:
		return dirtyUp(files, up)
	case down >= 0:
		return errorf(ErrDirty, "schema_migrations is dirty at version %d (%s was interrupted outside a transaction); check whether its changes are in the database: if they are, run `loader migrate force %d`, if not `loader migrate force %d`",
			v, files[down].Down, v, files[down].Version)
	default:
		return errorf(ErrDirty, "schema_migrations is dirty at version %d, which no migration file has; repair the schema by hand, then run `loader migrate force` with the version it is really at", v)
	}
}

func dirtyUp(files []File, i int) error {
	var prev uint
	if i > 0 {
		prev = files[i-1].Version
	}
	f := files[i]
	return errorf(ErrDirty, "schema_migrations is dirty at version %d (%s was interrupted outside a transaction); check whether its changes are in the database: if they are, run `loader migrate force %d`, if not `loader migrate force %d`, then `loader migrate up`",
		f.Version, f.Up, f.Version, prev)
}

// sentinelError is a message that matches its sentinel with errors.Is
// without repeating the sentinel's own text.
type sentinelError struct {
	sentinel error
	msg      string
}

func errorf(sentinel error, format string, a ...any) error {
	return &sentinelError{sentinel, fmt.Sprintf(format, a...)}
}

func (e *sentinelError) Error() string { return e.msg }
func (e *sentinelError) Unwrap() error { return e.sentinel }
