package migrations

import (
	"context"
	"io/fs"
	"path"
)

// recover runs after a migration file failed. The file and its version
// row ran in one transaction (see txDriver), so both are gone and the
// version is still before, clean. Find the statement that failed by
// replaying the file in a transaction that is always rolled back.
func (mg *Migrator) recover(ctx context.Context, before uint, f File, dir int, runErr error) error {
	name := fileOf(f, dir)
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
