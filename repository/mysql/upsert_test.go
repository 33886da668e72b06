package mysql_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
)

// Upsert counts the rows inserted or changed, rewrites only changed rows
// (an unchanged one keeps the run that wrote it), on both load paths.
func TestUpsertCountsAndRewritesOnlyChanged(t *testing.T) {
	ctx := context.Background()
	for _, n := range []int{10, 100} {
		db, _ := migrated(t)
		upsert := func(rows [][]any, tryCopy bool) (int64, bool) {
			t.Helper()
			x := begin(t, db)
			got, copied, err := drv.Upsert(ctx, x, sales, []string{"order_id"}, rows, tryCopy)
			if err != nil {
				t.Fatalf("%d rows: Upsert: %v", n, err)
			}
			commit(t, x)
			return got, copied
		}
		if got, copied := upsert(saleRows("u", n, 1), true); got != int64(n) || !copied {
			t.Fatalf("%d new rows: Upsert = %d, copied %v; want %d copied", n, got, copied, n)
		}
		if got, copied := upsert(saleRows("u", n, 2), true); got != 0 || copied {
			t.Fatalf("%d rows again: Upsert = %d, copied %v; want 0 merged", n, got, copied)
		}
		rows := saleRows("u", n+5, 3)
		rows[0][6] = decimal.RequireFromString("42.42")
		rows[1][3] = "new product"
		if got, _ := upsert(rows, false); got != 7 {
			t.Fatalf("%d rows, 2 changed and 5 new: Upsert = %d, want 7", n, got)
		}
		var runs string
		err := db.QueryRow(`SELECT GROUP_CONCAT(order_id, '=', load_run_id ORDER BY order_id)
			FROM transformed_sales_data WHERE order_id IN ('u-0', 'u-1', 'u-2')`).Scan(&runs)
		if err != nil {
			t.Fatal(err)
		}
		if runs != "u-0=3,u-1=3,u-2=1" {
			t.Errorf("%d rows: load_run_id = %v, want u-0 and u-1 rewritten by run 3, u-2 kept by run 1", n, runs)
		}
		if c := salesCount(t, db); c != n+5 {
			t.Errorf("%d rows: %d in the table, want %d", n, c, n+5)
		}
	}
}
