package mysql_test

import (
	"context"
	"errors"
	"testing"

	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/mysql"
)

// With every run slot held and no migration about, a run is refused as
// such, not as a schema change.
func TestLockWarehouseSlotsHeld(t *testing.T) {
	ctx := context.Background()
	db, raw := fresh(t)
	slots, err := mysql.WarehouseSlots(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	side, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = side.Close() })
	for _, s := range slots {
		var got int
		if err := side.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", s).Scan(&got); err != nil || got != 1 {
			t.Fatalf("holding %s: %d, %v", s, got, err)
		}
	}
	_, err = drv.LockWarehouse(ctx, db, config(t, raw), false, false)
	if !errors.Is(err, mysql.ErrRunSlotsHeld) || errors.Is(err, driver.ErrSchemaChanging) {
		t.Fatalf("LockWarehouse with every slot held = %v, want ErrRunSlotsHeld", err)
	}
}
