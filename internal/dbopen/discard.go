package dbopen

import (
	"database/sql"
	"database/sql/driver"
)

// Discard marks c so that its Close throws it away instead of returning it
// to its pool: for a connection left in an unknown state (a statement cut
// short, a lock whose release failed, a session setting not undone).
func Discard(c *sql.Conn) {
	_ = c.Raw(func(any) error { return driver.ErrBadConn })
}
