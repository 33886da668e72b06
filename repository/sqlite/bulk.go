package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// maxVars is SQLite's limit on bound parameters per statement.
const maxVars = 32766

// insertMulti writes rows with multi-row INSERT statements of as many rows
// as the parameter limit allows, each shape prepared once per call. suffix (an ON CONFLICT clause) is appended to each statement.
func insertMulti(ctx context.Context, tx driver.Tx, t target.Table, rows [][]any, suffix string) (int64, error) {
	ncol := len(t.Columns)
	per := max(1, min(maxVars/ncol, 500))
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
			if stmt, err = insertStmt(ctx, tx, t, len(chunk), suffix); err != nil {
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

// insertStmt prepares, in tx, an INSERT of n rows into t.
func insertStmt(ctx context.Context, tx driver.Tx, t target.Table, n int, suffix string) (*sql.Stmt, error) {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.Columns)), ", ") + ")"
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s %s", driver.QuoteIdent(t.Name), driver.QuoteList(t.Names()),
		strings.TrimSuffix(strings.Repeat(one+", ", n), ", "), suffix)
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("preparing insert into %s: %w", t.Name, mapError(err))
	}
	return st, nil
}
