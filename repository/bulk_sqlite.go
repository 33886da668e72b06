package repository

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// sqliteMaxVars is SQLite's limit on bound parameters per statement.
const sqliteMaxVars = 32766

// insertMulti writes rows with multi-row INSERT statements of as many rows
// as the parameter limit allows, each shape prepared once per call. suffix (an ON CONFLICT clause) is appended to each statement.
func (sess *Session) insertMulti(ctx context.Context, t Table, rows [][]any, suffix string) (int64, error) {
	ncol := len(t.Columns)
	per := max(1, min(sqliteMaxVars/ncol, 500))
	args := make([]any, 0, per*ncol)
	var total int64
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			_ = st.Close()
		}
	}()
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		stmt, ok := stmts[len(chunk)]
		if !ok {
			var err error
			if stmt, err = sess.insertStmt(ctx, t, len(chunk), suffix); err != nil {
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
			return total, fmt.Errorf("inserting into %s: %w", t.Name, mapError(err))
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// insertStmt prepares, in the session's transaction, an INSERT of n rows
// into t.
func (sess *Session) insertStmt(ctx context.Context, t Table, n int, suffix string) (*sql.Stmt, error) {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.Columns)), ", ") + ")"
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s %s", quoteIdent(t.Name), quoteList(t.Names()),
		strings.TrimSuffix(strings.Repeat(one+", ", n), ", "), suffix)
	st, err := sess.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("preparing insert into %s: %w", t.Name, mapError(err))
	}
	return st, nil
}
