package postgres

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// CreateStaging (re)creates staging like t: LIKE … INCLUDING ALL copies
// the columns, keys, indexes and CHECKs; the foreign keys, which LIKE
// leaves out, are added one by one.
func (*Driver) CreateStaging(ctx context.Context, tx driver.Tx, t, staging target.Table) error {
	fks, err := foreignKeyDefs(ctx, tx, t.Name)
	if err != nil {
		return fmt.Errorf("reading the foreign keys of %s: %w", t.Name, mapError(err))
	}
	create := []string{
		"DROP TABLE IF EXISTS " + quoteIdent(staging.Name),
		fmt.Sprintf("CREATE TABLE %s (LIKE %s INCLUDING ALL)", quoteIdent(staging.Name), quoteIdent(t.Name)),
	}
	for _, fk := range fks {
		create = append(create, fmt.Sprintf("ALTER TABLE %s ADD %s", quoteIdent(staging.Name), fk))
	}
	return driver.Exec(ctx, tx, classify, create...)
}

func foreignKeyDefs(ctx context.Context, tx driver.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'f' ORDER BY conname", quoteIdent(table))
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var fks []string
	for rows.Next() {
		var fk string
		if err := rows.Scan(&fk); err != nil {
			return nil, err
		}
		fks = append(fks, fk)
	}
	return fks, rows.Err()
}

// Swap deletes t's rows and copies staging's in, in the transaction.
func (*Driver) Swap(ctx context.Context, tx driver.Tx, t, staging target.Table) (int64, error) {
	return driver.SwapByCopy(ctx, tx, classify, t, staging)
}
