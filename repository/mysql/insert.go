package mysql

import (
	"context"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// maxPlaceholders is the server's limit on a prepared statement's
// parameters.
const maxPlaceholders = 65535

// insertRows writes rows into table with prepared multi-row INSERTs of up
// to perStmt rows and returns the rows affected.
func insertRows(ctx context.Context, tx driver.Tx, t target.Table, table string, rows [][]any, perStmt int) (int64, error) {
	return driver.InsertRows(ctx, tx, driver.Insert{
		Table: quoteIdent(table), Columns: t.Names(), Quote: quoteIdent,
		Rows: perStmt, MaxParams: maxPlaceholders, Map: func(err error) error { return err },
	}, driver.DatesAsText(t, rows))
}

func quoteList(names []string) string { return driver.JoinQuoted(quoteIdent, "", names) }

func qualified(alias string, names []string) string {
	return driver.JoinQuoted(quoteIdent, alias+".", names)
}
