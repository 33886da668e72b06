package sqlite

import (
	"errors"

	"github.com/mattn/go-sqlite3"

	"github.com/warehouse-loader/loader/repository/driver"
)

// sqliteErr is the go-sqlite3 error err wraps.
func sqliteErr(err error) (sqlite3.Error, bool) {
	var e sqlite3.Error
	ok := errors.As(err, &e)
	return e, ok
}

// constraints are the extended result codes Classify maps.
var constraints = map[sqlite3.ErrNoExtended]error{
	sqlite3.ErrConstraintUnique: driver.ErrConflict, sqlite3.ErrConstraintPrimaryKey: driver.ErrConflict,
	sqlite3.ErrConstraintForeignKey: driver.ErrForeignKey, sqlite3.ErrConstraintNotNull: driver.ErrNotNull,
	sqlite3.ErrConstraintCheck: driver.ErrCheck,
}

// Classify maps SQLite's constraint codes, and SQLITE_READONLY, to
// sentinels.
func (*Driver) Classify(err error) error { return classify(err) }

func classify(err error) error {
	e, ok := sqliteErr(err)
	switch {
	case !ok:
		return nil
	case e.Code == sqlite3.ErrConstraint:
		return constraints[e.ExtendedCode]
	case e.Code == sqlite3.ErrReadonly:
		return driver.ErrReadOnly
	}
	return nil
}

// mapError is driver.Map with SQLite's codes.
func mapError(err error) error { return driver.Map(err, classify) }

// Refused reports SQLite refusing a row: a constraint, a type mismatch, a
// value too big or out of range.
func (*Driver) Refused(err error) (reason string, ok bool) {
	e, ok := sqliteErr(err)
	if !ok {
		return "", false
	}
	switch e.Code {
	case sqlite3.ErrConstraint, sqlite3.ErrMismatch, sqlite3.ErrTooBig, sqlite3.ErrRange:
		return "the database refused the row: " + e.Error(), true
	}
	return "", false
}
