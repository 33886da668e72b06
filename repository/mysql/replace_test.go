package mysql_test

import (
	"context"
	"errors"
	"testing"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

var rejects = target.Table{Name: "load_rejects", Columns: []target.Column{
	{Name: "load_run_id", Kind: target.KindInt}, {Name: "position", Kind: target.KindString},
	{Name: "record", Kind: target.KindString}, {Name: "reason", Kind: target.KindString},
}}

// The staging table keeps the target's key, CHECK and foreign key, and
// Swap replaces the rows; a swap that fails leaves the old rows.
func TestStagingAndSwap(t *testing.T) {
	ctx := context.Background()
	db, _ := migrated(t)
	staging := sales
	staging.Name = "_loader_replace_" + sales.Name
	x := begin(t, db)
	if _, err := drv.Append(ctx, x, sales, saleRows("old", 3, 1)); err != nil {
		t.Fatal(err)
	}
	for _, tbl := range []target.Table{sales, rejects} {
		st := tbl
		st.Name = "_loader_replace_" + tbl.Name
		if err := drv.CreateStaging(ctx, x, tbl, st); err != nil {
			t.Fatal(err)
		}
	}
	commit(t, x)

	refusals := []struct {
		name     string
		table    target.Table
		row      []any
		sentinel error
	}{
		{"duplicate key", staging, saleRows("new", 1, 2)[0], driver.ErrConflict},
		{"check", staging, func() []any { r := saleRows("chk", 1, 2)[0]; r[7] = "Huge"; return r }(), driver.ErrCheck},
		{"foreign key", target.Table{Name: "_loader_replace_load_rejects", Columns: rejects.Columns}, []any{int64(99), "1", "r", "x"}, driver.ErrForeignKey},
	}
	x = begin(t, db)
	if _, err := drv.Append(ctx, x, staging, saleRows("new", 2, 2)); err != nil {
		t.Fatal(err)
	}
	for _, r := range refusals {
		if _, err := drv.Append(ctx, x, r.table, [][]any{r.row}); !errors.Is(err, r.sentinel) {
			t.Errorf("staging %s: %v, want %v", r.name, err, r.sentinel)
		}
	}
	commit(t, x)

	// A failing swap (a row the target refuses) rolls back to the old rows.
	if _, err := db.Exec("ALTER TABLE _loader_replace_transformed_sales_data DROP CONSTRAINT chk_transformed_sales_data_sales_category"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO _loader_replace_transformed_sales_data SELECT 'bad', sold_at, customer, product, region, quantity, sales_amount, 'Huge', load_run_id FROM _loader_replace_transformed_sales_data LIMIT 1"); err != nil {
		t.Fatal(err)
	}
	x = begin(t, db)
	if _, err := drv.Swap(ctx, x, sales, staging); !errors.Is(err, driver.ErrCheck) {
		t.Fatalf("swap of a refused row = %v, want ErrCheck", err)
	}
	_ = x.Rollback()
	if c := salesCount(t, db); c != 3 {
		t.Fatalf("after a failed swap: %d rows, want the 3 old ones", c)
	}
	if _, err := db.Exec("DELETE FROM _loader_replace_transformed_sales_data WHERE order_id = 'bad'"); err != nil {
		t.Fatal(err)
	}
	x = begin(t, db)
	if n, err := drv.Swap(ctx, x, sales, staging); err != nil || n != 2 {
		t.Fatalf("Swap = %d, %v; want 2", n, err)
	}
	commit(t, x)
	var first string
	if err := db.QueryRow("SELECT MIN(order_id) FROM transformed_sales_data").Scan(&first); err != nil || first != "new-0" || salesCount(t, db) != 2 {
		t.Fatalf("after the swap: first %q (%v), want the 2 new rows", first, err)
	}
	var one int
	if err := db.QueryRow("SELECT 1 FROM _loader_replace_transformed_sales_data").Scan(&one); err == nil {
		t.Fatal("the staging table is still there")
	}
}
