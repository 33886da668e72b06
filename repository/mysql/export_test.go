package mysql

import (
	"context"
	"database/sql"
)

// The two append paths, for BenchmarkAppend.
var (
	LoadData   = loadData
	InsertRows = insertRows
)

// WarehouseSlots names the reader slot locks of db's warehouse.
func WarehouseSlots(ctx context.Context, db *sql.DB) ([]string, error) {
	c, err := openLock(ctx, db)
	if err != nil {
		return nil, err
	}
	defer c.release()
	return c.slots(), nil
}
