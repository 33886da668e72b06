package mysql

import (
	"errors"
	"fmt"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/warehouse-loader/loader/repository/driver"
)

// sentinels maps MySQL error numbers to the driver sentinels.
var sentinels = map[uint16]error{
	1062: driver.ErrConflict, 1586: driver.ErrConflict, // duplicate entry (for key)
	1451: driver.ErrForeignKey, 1452: driver.ErrForeignKey, // parent row in use, no parent row
	1216: driver.ErrForeignKey, 1217: driver.ErrForeignKey, // the same, older servers
	1048: driver.ErrNotNull, 1364: driver.ErrNotNull, // column cannot be null, no default value
	3819: driver.ErrCheck, 4025: driver.ErrCheck, // check constraint: MySQL, MariaDB
	1792: driver.ErrReadOnly, 1290: driver.ErrReadOnly, // read-only transaction, --read-only server
}

// refusals are the numbers of a row's value the column cannot hold.
var refusals = map[uint16]bool{
	1264: true, // out of range value
	1265: true, // data truncated
	1292: true, // incorrect datetime/date/decimal value
	1366: true, // incorrect integer/decimal/string value
	1367: true, // illegal value
	1406: true, // data too long
	1690: true, // value out of range in an expression
}

// Classify returns the sentinel a MySQL error (or a LOAD DATA warning)
// stands for, or nil.
func (Driver) Classify(err error) error {
	if n, ok := number(err); ok {
		return sentinels[n]
	}
	return nil
}

// Refused reports whether err is the server refusing a row's value or a
// constraint, with the server's reason on one line.
func (Driver) Refused(err error) (reason string, ok bool) {
	n, found := number(err)
	if !found || (sentinels[n] == nil && !refusals[n]) {
		return "", false
	}
	msg := err.Error()
	var myErr *gomysql.MySQLError
	var warns *WarningsError
	switch {
	case errors.As(err, &warns):
		msg = warns.Warnings[0].Message
	case errors.As(err, &myErr):
		msg = myErr.Message
	}
	return fmt.Sprintf("the database refused the row: %s (error %d)", oneLine(msg), n), true
}

// number is the error number of err: a server error's, or the first
// warning's of a WarningsError.
func number(err error) (uint16, bool) {
	var myErr *gomysql.MySQLError
	var warns *WarningsError
	switch {
	case errors.As(err, &warns):
		return warns.Warnings[0].Code, true
	case errors.As(err, &myErr):
		return myErr.Number, true
	}
	return 0, false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Warning is one row of SHOW WARNINGS.
type Warning struct {
	Level   string
	Code    uint16
	Message string
}

// WarningsError is a statement that succeeded with warnings: LOAD DATA
// LOCAL turns values a column cannot hold and duplicate keys into
// warnings, and the loader takes every warning as a failure. Warnings
// holds the first ones (at least one), Count how many there were.
type WarningsError struct {
	Statement string
	Count     int64
	Warnings  []Warning
}

func (e *WarningsError) Error() string {
	parts := make([]string, len(e.Warnings))
	for i, w := range e.Warnings {
		parts[i] = fmt.Sprintf("%s %d: %s", w.Level, w.Code, oneLine(w.Message))
	}
	return fmt.Sprintf("%s raised %d warning(s): %s", e.Statement, e.Count, strings.Join(parts, "; "))
}

// Unwrap gives the sentinel the first warning stands for, if any.
func (e *WarningsError) Unwrap() error { return sentinels[e.Warnings[0].Code] }

// wrap returns err wrapping the sentinel it stands for, if any and if it
// does not already; nil stays nil.
func wrap(err error) error {
	s := Driver{}.Classify(err)
	if s == nil || errors.Is(err, s) {
		return err
	}
	return fmt.Errorf("%w: %w", s, err)
}
