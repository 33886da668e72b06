package mysql_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/repository/mysql"
)

// A value the server only notes (a decimal rounded: note 1265) fails the
// batch on either path, whatever its size.
func TestAppendNotesAreErrors(t *testing.T) {
	db, _ := migrated(t)
	for _, n := range []int{2, 100} { // INSERT, LOAD DATA
		t.Run(fmt.Sprint(n, " rows"), func(t *testing.T) {
			rows := saleRows("r", n, 1)
			rows[1][6] = decimal.RequireFromString("1.005")
			x := begin(t, db)
			_, err := drv.Append(context.Background(), x, sales, rows)
			if reason, ok := drv.Refused(err); !ok || !strings.Contains(reason, "1265") {
				t.Fatalf("Append of a rounded decimal = %v (reason %q), want note 1265 refused", err, reason)
			}
			if c := salesCount(t, x); c != 0 {
				t.Errorf("%d rows stayed, want none", c)
			}
		})
	}
}

// Once the server refused LOAD DATA LOCAL, the driver sends the later
// batches straight to INSERT.
func TestAppendRemembersLocalInfileOff(t *testing.T) {
	ctx := context.Background()
	db, _ := migrated(t)
	if _, err := db.Exec("SET GLOBAL local_infile = 0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = db.Exec("SET GLOBAL local_infile = 1") })
	d := mysql.New()
	x := begin(t, db)
	loads := func() int {
		t.Helper()
		var name string
		var count int
		if err := x.QueryRowContext(ctx, "SHOW SESSION STATUS LIKE 'Com_load'").Scan(&name, &count); err != nil {
			t.Fatal(err)
		}
		return count
	}
	before := loads()
	for i := range 3 {
		if n, err := d.Append(ctx, x, sales, saleRows(fmt.Sprint("b", i), 100, 1)); err != nil || n != 100 {
			t.Fatalf("batch %d: Append = %d, %v; want 100", i, n, err)
		}
	}
	if got := loads() - before; got != 1 {
		t.Errorf("%d LOAD DATA statements for 3 batches, want the first only", got)
	}
}
