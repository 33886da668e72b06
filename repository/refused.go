package repository

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

// RefusedRow reports whether err is the database refusing a row's values
// (a value out of range or invalid for its type, a constraint the row
// breaks) rather than a failure of the connection or the statement, and
// returns the database's reason on one line. A writer can then find the
// rows at fault, each in a savepoint of its own, and reject them.
func RefusedRow(err error) (reason string, ok bool) {
	if err == nil {
		return "", false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 22: data exception; class 23: integrity constraint violation.
		if !strings.HasPrefix(pgErr.Code, "22") && !strings.HasPrefix(pgErr.Code, "23") {
			return "", false
		}
		reason = "the database refused the row: " + pgErr.Message
		if pgErr.ConstraintName != "" && !strings.Contains(pgErr.Message, pgErr.ConstraintName) {
			reason += " (constraint " + pgErr.ConstraintName + ")"
		}
		return reason + " (SQLSTATE " + pgErr.Code + ")", true
	}
	var sqErr sqlite3.Error
	if errors.As(err, &sqErr) {
		switch sqErr.Code {
		case sqlite3.ErrConstraint, sqlite3.ErrMismatch, sqlite3.ErrTooBig, sqlite3.ErrRange:
			return "the database refused the row: " + sqErr.Error(), true
		}
	}
	return "", false
}
