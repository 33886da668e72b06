package postgres

import (
	"context"
	"database/sql"
	"strings"

	"github.com/warehouse-loader/loader/repository/driver"
)

// ReadOnly runs fn in a BEGIN READ ONLY transaction that is then rolled
// back (driver.ReadOnlyTx).
func (d *Driver) ReadOnly(ctx context.Context, db *sql.DB, fn func(context.Context, driver.Queryer) error) error {
	return driver.ReadOnlyTx(ctx, db, d.SetTimeouts, fn)
}

// The rows of a PostgreSQL table are read in key order, but a serial key
// is drawn when a row is written, not when it commits: a transaction still
// writing the table may hold keys lower than rows already committed, and a
// cursor past those rows would never see its rows once it commits. So a
// page ends before the first row written by a transaction younger than the
// oldest one still writing the table (holding ROW EXCLUSIVE on it, as
// INSERT, COPY, UPDATE and DELETE do): its xmin falls in the window from
// that writer's xid to the snapshot's xmax, compared modulo 2^32 like
// PostgreSQL's own xids. Those rows, and the ones after them, are read
// once that writer has ended. With no writer in progress the window is
// empty and nothing is held back.
const recentRow = "coalesce(((t.xmin::text::bigint - h.lo + 4294967296) % 4294967296) < h.span, false)"

// Settled flags the rows written by a transaction younger than the oldest
// one still writing from (see recentRow); the row alias is t.
func (*Driver) Settled(from string) (flag, join string, ok bool) {
	return recentRow, writersWindow(from) + " AS h", true
}

// writersWindow is the subquery that gives, for the table from (a quoted
// name), lo: the xid of the oldest transaction writing it, and span: the
// distance from lo to the snapshot's xmax (NULL, NULL without writers).
func writersWindow(from string) string {
	return `(SELECT w.lo, ((pg_snapshot_xmax(pg_current_snapshot())::text::bigint % 4294967296) - w.lo + 4294967296) % 4294967296 AS span
	FROM (SELECT (SELECT x.transactionid::text::bigint FROM pg_locks AS r JOIN pg_locks AS x
		ON x.virtualtransaction = r.virtualtransaction AND x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock'
		WHERE r.locktype = 'relation' AND r.relation = to_regclass(` + quoteLiteral(from) + `) AND r.mode = 'RowExclusiveLock' AND r.granted
		ORDER BY age(x.transactionid) DESC LIMIT 1) AS lo) AS w)`
}

// quoteLiteral renders s as a SQL string literal.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
