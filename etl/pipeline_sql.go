package etl

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// executeWithSQL runs the pipeline between its BeforeSQL and AfterSQL,
// each list in one transaction of its own, all or nothing. BeforeSQL runs
// once the run holds its locks, before the first batch: its failure fails
// the run before any row is read. AfterSQL runs only when every batch
// committed: its failure fails the run but undoes no batch, since those
// have committed. A dry run runs neither.
func (j *job) executeWithSQL(ctx context.Context) error {
	if err := j.runSQL(ctx, "before_sql", j.p.BeforeSQL); err != nil {
		return err
	}
	if err := j.execute(ctx); err != nil {
		return err
	}
	return j.runSQL(ctx, "after_sql", j.p.AfterSQL)
}

// runSQL runs statements in one transaction. Its error names the list and
// the statement's number, never the statement, which may hold a secret
// (${VAR}); the values of the file's ${VAR} references are masked in the
// database's message too, which may quote a value or the statement.
func (j *job) runSQL(ctx context.Context, list string, statements []string) error {
	if len(statements) == 0 {
		return nil
	}
	err := j.Warehouse.Transact(ctx, func(tx Tx) error {
		ex, ok := tx.(Execer)
		if !ok {
			return errors.New("the warehouse does not run SQL statements (its Tx is no etl.Execer)")
		}
		return ex.Exec(ctx, statements...)
	})
	if err != nil {
		return fmt.Errorf("%s of pipeline %s: %w", list, j.p.Name, masked(err, j.p.Secrets))
	}
	j.logf(ctx, list+" done", "statements", len(statements))
	return nil
}

// minSecret is the shortest value masked: a shorter one (a port, a flag)
// would mangle messages and hides nothing.
const minSecret = 4

// maskedError is an error whose text has the secrets masked; errors.Is
// and errors.As still see the error it masks.
type maskedError struct {
	text string
	err  error
}

func (e *maskedError) Error() string { return e.text }
func (e *maskedError) Unwrap() error { return e.err }

// masked returns err with every secret in its text replaced by ***.
func masked(err error, secrets []string) error {
	text := Mask(err.Error(), secrets)
	if text == err.Error() {
		return err
	}
	return &maskedError{text: text, err: err}
}

// Mask returns text with every secret in it (those of minSecret bytes or
// more) replaced by ***.
func Mask(text string, secrets []string) string {
	for _, s := range secrets {
		if len(s) >= minSecret {
			text = strings.ReplaceAll(text, s, "***")
		}
	}
	return text
}
