package migrations

import (
	"context"
	"errors"
	"io/fs"
	"path"
)

// recover runs after a migration file failed. The file and its version
// row ran in one transaction (see txDriver), so both are gone and the
// version is still before, clean. Find the statement that failed by
// replaying the file in a transaction that is always rolled back.
func (mg *Migrator) recover(ctx context.Context, before uint, f File, dir int, runErr error) error {
	name := fileOf(f, dir)
	if !mg.dbd.TransactionalDDL() {
		return mg.leftDirty(ctx, name, runErr)
	}
	body, err := fs.ReadFile(mg.fsys, path.Join(mg.dir, name))
	if err != nil {
		return &MigrationError{File: name, Version: before, Err: runErr}
	}
	stmt, stmtErr := mg.failingStatement(ctx, string(body))
	if stmtErr == nil {
		stmtErr = runErr
	}
	return &MigrationError{File: name, Statement: stmt, Version: before, Err: stmtErr}
}

func (mg *Migrator) failingStatement(ctx context.Context, body string) (string, error) {
	tx, err := mg.db.BeginTx(ctx, nil)
	if err != nil {
		return "", nil
	}
	defer func() { _ = tx.Rollback() }()
	for _, s := range splitStatements(body) {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return oneLine(s), err
		}
	}
	return "", nil
}

// leftDirty is the error of a file that failed where DDL commits
// implicitly: its statements before the failing one are applied, and
// golang-migrate left the version it was going to dirty.
func (mg *Migrator) leftDirty(ctx context.Context, name string, runErr error) error {
	merr := &MigrationError{File: name, Err: runErr, Dirty: true}
	var se *statementError
	if errors.As(runErr, &se) {
		merr.Statement, merr.Err = se.Statement, se.Err
	}
	v, dirty, err := mg.Version(ctx)
	if err != nil {
		return errors.Join(merr, err)
	}
	merr.Version, merr.Dirty = v, dirty
	if i := mg.index(v); i > 0 {
		merr.previous = mg.files[i-1].Version
	}
	return merr
}
