package sqlite

import (
	"context"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// maxVars is SQLite's limit on bound parameters per statement.
const maxVars = 32766

// insertMulti writes rows with multi-row INSERT statements of as many rows
// as the parameter limit allows (500 at most); suffix (an ON CONFLICT
// clause) is appended to each statement.
func insertMulti(ctx context.Context, tx driver.Tx, t target.Table, rows [][]any, suffix string) (int64, error) {
	return driver.InsertRows(ctx, tx, driver.Insert{
		Table: driver.QuoteIdent(t.Name), Columns: t.Names(), Quote: driver.QuoteIdent, Suffix: suffix,
		Rows: 500, MaxParams: maxVars, Map: mapError,
	}, driver.DatesAsText(t, rows))
}
