package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// maxPlaceholders is the server's limit on a prepared statement's
// parameters.
const maxPlaceholders = 65535

// insertRows writes rows into table with prepared multi-row INSERTs of up
// to perStmt rows, each shape prepared once per call, and returns the rows
// affected.
func insertRows(ctx context.Context, tx driver.Tx, t target.Table, table string, rows [][]any, perStmt int) (int64, error) {
	ncol := len(t.Columns)
	per := max(1, min(maxPlaceholders/ncol, perStmt))
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
			q := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", quoteIdent(table), quoteList(t.Names()), placeholders(ncol, len(chunk)))
			var err error
			if stmt, err = tx.PrepareContext(ctx, q); err != nil {
				return total, fmt.Errorf("preparing an insert into %s: %w", table, err)
			}
			stmts[len(chunk)] = stmt
		}
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r...)
		}
		res, err := stmt.ExecContext(ctx, args...)
		if err != nil {
			return total, fmt.Errorf("inserting into %s: %w", table, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// placeholders renders n rows of ncol "?".
func placeholders(ncol, n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", ncol), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", n), ",")
}

func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}
