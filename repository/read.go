package repository

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/warehouse-loader/loader/repository/driver"
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
	from, err := q.from(s.drv)
	if err != nil {
		return nil, nil, err
	}
	if q.Key == "" || q.Limit < 1 {
		return nil, nil, fmt.Errorf("read: a key column and a positive page size are required")
	}
	flag, window, settled := s.drv.Settled(from)
	settled = settled && q.Table != ""
	stmt, args := s.pageStatement(from, s.drv.Quote(q.Key), q.Limit, after, settled, flag, window)
	var cols []string
	var page [][]any
	err = s.readOnly(ctx, func(ctx context.Context, db driver.Queryer) error {
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
// (nil: the first page) and its arguments. With settled (a table whose
// driver flags rows of transactions still in progress, driver.Reader.Settled),
// each row also says, by flag over the FROM item window, whether the
// transaction that wrote it is younger than the oldest one still in
// progress (see untilInFlight).
func (s *Store) pageStatement(from, key string, limit int, after any, settled bool, flag, window string) (string, []any) {
	sel, where, args := "SELECT * FROM "+from, "", []any(nil)
	if settled {
		sel = fmt.Sprintf("SELECT t.*, %s AS %s FROM %s AS t, %s", flag, inFlightColumn, from, window)
		key = "t." + key
	}
	if after != nil {
		where, args = fmt.Sprintf(" WHERE %s > %s", key, s.drv.Placeholder(1)), []any{after}
	}
	return fmt.Sprintf("%s%s ORDER BY %s LIMIT %d", sel, where, key, limit), args
}

// inFlightColumn is the column of a settled page that flags the rows a
// transaction still in progress may precede.
const inFlightColumn = "_loader_in_flight"

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
