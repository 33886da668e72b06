package mysql

import (
	"context"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// loadDataMin is the smallest batch that goes through LOAD DATA: below
// it the two cost the same and an INSERT skips the reader and the warning
// check; from 64 rows LOAD DATA is 1.2-2.7 times faster (BenchmarkAppend).
const loadDataMin = 32

// insertPerStmt is the rows per prepared INSERT.
const insertPerStmt = 500

// Append writes rows (values in t's column order, of the columns' kinds;
// nil is NULL) into t inside tx and returns the rows written: LOAD DATA
// LOCAL INFILE from a reader for batches of loadDataMin rows or more,
// multi-row INSERTs below or where the server disables LOAD DATA LOCAL
// (local_infile=OFF). It runs in a savepoint: on any error, a
// warning included, nothing of it stays in the transaction.
func (Driver) Append(ctx context.Context, tx driver.Tx, t target.Table, rows [][]any) (int64, error) {
	return appendTo(ctx, tx, t, t.Name, rows)
}

func appendTo(ctx context.Context, tx driver.Tx, t target.Table, table string, rows [][]any) (int64, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	var n int64
	err := tx.Savepoint(ctx, func(sp driver.Tx) error {
		var err error
		if len(rows) >= loadDataMin {
			n, err = loadData(ctx, sp, t, table, rows)
			if !localInfileOff(err) {
				return err
			}
		}
		n, err = insertRows(ctx, sp, t, table, rows, insertPerStmt)
		return err
	})
	if err != nil {
		return 0, wrap(err)
	}
	return n, nil
}

// localInfileOff reports whether err is the server refusing LOAD DATA
// LOCAL altogether (local_infile=OFF, MySQL 8's default): the rows then go
// through INSERTs.
func localInfileOff(err error) bool {
	n, ok := number(err)
	return ok && (n == 3948 || n == 4166 || n == 1148) // MySQL, MariaDB, older servers
}
