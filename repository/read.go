package repository

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// ReadPage returns the columns and up to q.Limit rows whose key is greater
// than after (nil: from the first row), in key order. Values come back as
// nil, int64, float64, string (text, and numerics as their exact text),
// bool or time.Time (UTC). The page is read in a read-only transaction: a
// query that would write fails with an error wrapping ErrReadOnly and
// changes nothing. The read is bounded by the statement timeout
// (WithStatementTimeout): past it, it fails with an error wrapping
// ErrTimeout.
func (s *Store) ReadPage(ctx context.Context, q ReadQuery, after any) ([]string, [][]any, error) {
	from, err := q.from(s.lexer())
	if err != nil {
		return nil, nil, err
	}
	if q.Key == "" || q.Limit < 1 {
		return nil, nil, fmt.Errorf("read: a key column and a positive page size are required")
	}
	settled := s.url.Dialect == dburl.Postgres && q.Table != ""
	stmt, args := s.pageStatement(from, quoteIdent(q.Key), q.Limit, after, settled)
	var cols []string
	var page [][]any
	err = s.readOnly(ctx, func(ctx context.Context, db queryer) error {
		rows, err := db.QueryContext(ctx, stmt, args...)
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		cols, page, err = scanAll(rows, q.Limit)
		if settled && err == nil {
			cols, page = untilInFlight(cols, page)
		}
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", q.what(), err)
	}
	return cols, page, nil
}

// pageStatement returns the SELECT of the page after the key value after
// (nil: the first page) and its arguments. With settled (a PostgreSQL
// table), each row also says whether the transaction that wrote it is
// younger than the oldest one still in progress (see untilInFlight).
func (s *Store) pageStatement(from, key string, limit int, after any, settled bool) (string, []any) {
	sel, where, args := "SELECT * FROM "+from, "", []any(nil)
	if settled {
		sel = fmt.Sprintf("SELECT t.*, %s AS %s FROM %s AS t, %s AS h", recentRow, inFlightColumn, from, writersWindow(from))
		key = "t." + key
	}
	if after != nil {
		param := "?"
		if s.url.Dialect == dburl.Postgres {
			param = "$1"
		}
		where, args = fmt.Sprintf(" WHERE %s > %s", key, param), []any{after}
	}
	return fmt.Sprintf("%s%s ORDER BY %s LIMIT %d", sel, where, key, limit), args
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
const (
	inFlightColumn = "_loader_in_flight"
	recentRow      = "coalesce(((t.xmin::text::bigint - h.lo + 4294967296) % 4294967296) < h.span, false)"
)

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

// untilInFlight drops the in-flight column and cuts the page before its
// first row that a transaction younger than one still in progress wrote.
func untilInFlight(cols []string, page [][]any) ([]string, [][]any) {
	last := len(cols) - 1
	for i, row := range page {
		if row[last] == true {
			page = page[:i]
			break
		}
	}
	for i := range page {
		page[i] = page[i][:last]
	}
	return cols[:last], page
}

func scanAll(rows *sql.Rows, capacity int) ([]string, [][]any, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, nil, err
	}
	out := make([][]any, 0, capacity)
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		for i, v := range vals {
			vals[i] = normalizeValue(v)
		}
		out = append(out, vals)
	}
	return cols, out, rows.Err()
}

func normalizeValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC()
	case int32:
		return int64(x)
	case int:
		return int64(x)
	default:
		return v
	}
}
