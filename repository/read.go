package repository

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// ReadQuery selects rows of a table or query in the order of a unique key,
// one page at a time (keyset pagination), so a table of any size is read
// with one page in memory and no long-lived read transaction.
type ReadQuery struct {
	// Table is the table to read, or
	Table string
	// SQL is a query to read (it becomes a subquery; no trailing ';').
	SQL string
	// Key is the unique, not-null column pages are ordered and cut by.
	Key string
	// Limit is the page size.
	Limit int
}

func (q ReadQuery) from() (string, error) {
	switch {
	case q.Table != "" && q.SQL == "":
		return quoteIdent(q.Table), nil
	case q.SQL != "" && q.Table == "":
		return "(" + strings.TrimSuffix(strings.TrimSpace(q.SQL), ";") + ") AS src", nil
	default:
		return "", fmt.Errorf("read: give a table or a query, not %s", map[bool]string{true: "both", false: "neither"}[q.Table != ""])
	}
}

// ReadPage returns the columns and up to q.Limit rows whose key is greater
// than after (nil: from the first row), in key order. Values come back as
// nil, int64, float64, string (text, and numerics as their exact text),
// bool or time.Time (UTC).
func (s *Store) ReadPage(ctx context.Context, q ReadQuery, after any) ([]string, [][]any, error) {
	from, err := q.from()
	if err != nil {
		return nil, nil, err
	}
	if q.Key == "" || q.Limit < 1 {
		return nil, nil, fmt.Errorf("read: a key column and a positive page size are required")
	}
	key := quoteIdent(q.Key)
	stmt := fmt.Sprintf("SELECT * FROM %s ORDER BY %s LIMIT %d", from, key, q.Limit)
	var args []any
	if after != nil {
		stmt = fmt.Sprintf("SELECT * FROM %s WHERE %s > ? ORDER BY %s LIMIT %d", from, key, key, q.Limit)
		args = append(args, after)
	}
	rows, err := s.gdb.WithContext(ctx).Raw(stmt, args...).Rows()
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", from, mapError(err))
	}
	defer func() { _ = rows.Close() }()
	return scanAll(rows, q.Limit)
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
			return nil, nil, mapError(err)
		}
		for i, v := range vals {
			vals[i] = normalizeValue(v)
		}
		out = append(out, vals)
	}
	return cols, out, mapError(rows.Err())
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
