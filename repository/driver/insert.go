package driver

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Insert describes the multi-row INSERTs InsertRows writes.
type Insert struct {
	Table   string // quoted
	Columns []string
	Quote   func(string) string // the driver's Quote
	Suffix  string              // after VALUES (an ON CONFLICT clause), or ""
	// Rows is the most rows per statement; MaxParams the driver's
	// bound-parameter limit, which lowers it for wide tables.
	Rows, MaxParams int
	// Map maps a database error (see Map).
	Map func(error) error
}

// InsertRows writes rows (values in ins.Columns' order) with prepared
// multi-row INSERTs, each shape prepared once per call, and returns the
// rows affected.
func InsertRows(ctx context.Context, tx Tx, ins Insert, rows [][]any) (int64, error) {
	ncol := len(ins.Columns)
	per := max(1, min(ins.MaxParams/ncol, ins.Rows))
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			_ = st.Close()
		}
	}()
	args := make([]any, 0, per*ncol)
	var total int64
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		stmt, ok := stmts[len(chunk)]
		if !ok {
			var err error
			if stmt, err = ins.prepare(ctx, tx, len(chunk)); err != nil {
				return total, err
			}
			stmts[len(chunk)] = stmt
		}
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r...)
		}
		res, err := stmt.ExecContext(ctx, args...)
		if err != nil {
			return total, fmt.Errorf("inserting into %s: %w", ins.Table, ins.Map(err))
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// prepare prepares, in tx, the INSERT of n rows.
func (ins Insert) prepare(ctx context.Context, tx Tx, n int) (*sql.Stmt, error) {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ins.Columns)), ", ") + ")"
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s %s", ins.Table, JoinQuoted(ins.Quote, "", ins.Columns),
		strings.TrimSuffix(strings.Repeat(one+", ", n), ", "), ins.Suffix)
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("preparing an insert into %s: %w", ins.Table, ins.Map(err))
	}
	return st, nil
}
