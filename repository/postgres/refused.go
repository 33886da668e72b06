package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warehouse-loader/loader/repository/driver"
)

// sentinels are the SQLSTATEs Classify maps.
var sentinels = map[string]error{
	"23505": driver.ErrConflict, "23503": driver.ErrForeignKey, "23502": driver.ErrNotNull, "23514": driver.ErrCheck,
	"25006": driver.ErrReadOnly, // read_only_sql_transaction
}

// Classify maps a PostgreSQL error's SQLSTATE to its sentinel.
func (*Driver) Classify(err error) error { return classify(err) }

func classify(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return sentinels[pgErr.Code]
	}
	return nil
}

// mapError is driver.Map with PostgreSQL's classes.
func mapError(err error) error { return driver.Map(err, classify) }

// Refused reports whether err is PostgreSQL refusing a row's values (class
// 22, data exception; class 23, integrity constraint violation), with the
// server's message, constraint and SQLSTATE on one line.
func (*Driver) Refused(err error) (reason string, ok bool) {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return "", false
	}
	if !strings.HasPrefix(pgErr.Code, "22") && !strings.HasPrefix(pgErr.Code, "23") {
		return "", false
	}
	reason = "the database refused the row: " + pgErr.Message
	if pgErr.ConstraintName != "" && !strings.Contains(pgErr.Message, pgErr.ConstraintName) {
		reason += " (constraint " + pgErr.ConstraintName + ")"
	}
	return reason + " (SQLSTATE " + pgErr.Code + ")", true
}

// LostConnection reports a connection exception (class 08) or the server
// shutting down or restarting (57P01-57P03).
func (*Driver) LostConnection(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
}
