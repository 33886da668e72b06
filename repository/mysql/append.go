package mysql

import (
	"context"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// loadDataMin is the smallest batch that goes through LOAD DATA, between
// the sizes BenchmarkAppend measures: at 16 rows the two cost the same
// (an INSERT skips the reader), from 64 rows on LOAD DATA is 1.2-2.7
// times faster.
const loadDataMin = 32

// insertPerStmt is the rows per prepared INSERT.
const insertPerStmt = 500

// Append writes rows (values in t's column order, of the columns' kinds;
// nil is NULL) into t inside tx and returns the rows written: LOAD DATA
// LOCAL INFILE from a reader for batches of loadDataMin rows or more,
// multi-row INSERTs below or where the server disables LOAD DATA LOCAL
// (local_infile=OFF, remembered once seen). It runs in a savepoint: on
// any error, a warning of either path included, nothing of it stays in
// the transaction.
func (d Driver) Append(ctx context.Context, tx driver.Tx, t target.Table, rows [][]any) (int64, error) {
	return d.appendTo(ctx, tx, t, t.Name, rows)
}

func (d Driver) appendTo(ctx context.Context, tx driver.Tx, t target.Table, table string, rows [][]any) (int64, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	var n int64
	err := tx.Savepoint(ctx, func(sp driver.Tx) error {
		var err error
		if len(rows) >= loadDataMin && !d.st.localInfileRefused() {
			n, err = loadData(ctx, sp, t, table, rows)
			if !localInfileOff(err) {
				return err
			}
			d.st.refuseLocalInfile()
		}
		n, err = insertChecked(ctx, sp, t, table, rows)
		return err
	})
	if err != nil {
		return 0, wrap(err)
	}
	return n, nil
}

// insertChecked is insertRows one statement at a time, each followed by
// the warning check LOAD DATA gets: either path refuses the same rows.
func insertChecked(ctx context.Context, tx driver.Tx, t target.Table, table string, rows [][]any) (int64, error) {
	per := max(1, min(insertPerStmt, maxPlaceholders/max(1, len(t.Columns))))
	var total int64
	for start := 0; start < len(rows); start += per {
		n, err := insertRows(ctx, tx, t, table, rows[start:min(start+per, len(rows))], per)
		if err != nil {
			return 0, err
		}
		if err := checkWarnings(ctx, tx, "INSERT into "+table); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// localInfileOff reports whether err is the server refusing LOAD DATA
// LOCAL altogether (local_infile=OFF, MySQL 8's default): the rows then go
// through INSERTs.
func localInfileOff(err error) bool {
	n, ok := number(err)
	return ok && (n == 3948 || n == 4166 || n == 1148) // MySQL, MariaDB, older servers
}
