package dburl

import (
	"errors"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// Cause returns a connection error's message without any connection string
// a driver put in it, with passwords redacted.
func Cause(err error) string {
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return Scrub(opErr.Error())
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return Scrub(pgErr.Message + " (SQLSTATE " + pgErr.Code + ")")
	}
	if addr, ok := notPostgres(err); ok {
		return Scrub(addr + " answered, but not in the PostgreSQL protocol: another kind of server (MySQL, MariaDB, HTTP…) listens on that port")
	}
	msg := strings.ReplaceAll(err.Error(), nilWrap, "")
	if i := strings.LastIndex(msg, ": "); i >= 0 && strings.Contains(msg[:i], "://") {
		msg = msg[i+2:]
	}
	return Scrub(msg)
}

// nilWrap is what fmt prints for fmt.Errorf("%s: %w", msg, nil), which
// pgconn does for a message it did not expect during the startup.
const nilWrap = ": %!w(<nil>)"

// notProtocol are the parts of pgconn and pgproto3 messages (most of them
// untyped) that mean the bytes a server sent are not PostgreSQL's protocol.
var notProtocol = []string{
	"received unexpected message",
	"unknown message type",
	"invalid message length",
	"body must have length of",
	"body is invalid",
}

// notPostgres reports whether err says the server at an address answered
// in something other than the PostgreSQL protocol, and returns the address.
func notPostgres(err error) (addr string, ok bool) {
	var connErr *pgconn.ConnectError
	if !errors.As(err, &connErr) {
		return "", false
	}
	for _, attempt := range attempts(connErr) {
		var tooLong *pgproto3.ExceededMaxBodyLenErr
		msg := attempt.Error()
		if errors.As(attempt, &tooLong) || containsAny(msg, notProtocol) {
			addr, _, _ = strings.Cut(msg, " ")
			return addr, true
		}
	}
	return "", false
}

// attempts returns the error of each connection attempt (one per address
// and TLS mode) a pgconn.ConnectError holds.
func attempts(connErr *pgconn.ConnectError) []error {
	inner := connErr.Unwrap()
	if joined, ok := inner.(interface{ Unwrap() []error }); ok {
		return joined.Unwrap()
	}
	return []error{inner}
}

func containsAny(s string, parts []string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
