package repository

import (
	"context"
	"database/sql"
	"fmt"
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
	stmt, args := s.pageStatement(from, quoteIdent(q.Key), q.Limit, after)
	var cols []string
	var page [][]any
	err = s.readOnly(ctx, func(ctx context.Context, db queryer) error {
		rows, err := db.QueryContext(ctx, stmt, args...)
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		cols, page, err = scanAll(rows, q.Limit)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", q.what(), err)
	}
	return cols, page, nil
}

// pageStatement returns the SELECT of the page after the key value after
// (nil: the first page) and its arguments.
func (s *Store) pageStatement(from, key string, limit int, after any) (string, []any) {
	if after == nil {
		return fmt.Sprintf("SELECT * FROM %s ORDER BY %s LIMIT %d", from, key, limit), nil
	}
	param := "?"
	if s.url.Dialect == dburl.Postgres {
		param = "$1"
	}
	return fmt.Sprintf("SELECT * FROM %s WHERE %s > %s ORDER BY %s LIMIT %d", from, key, param, key, limit), []any{after}
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
