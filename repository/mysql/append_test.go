package mysql_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/repository/driver"
)

// saleRows returns n rows of transformed_sales_data, keyed prefix-i.
func saleRows(prefix string, n int, run int64) [][]any {
	at := time.Date(2024, 1, 2, 3, 4, 5, 678901000, time.UTC)
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{fmt.Sprintf("%s-%d", prefix, i), at.Add(time.Duration(i) * time.Second), "cust", nil, "north",
			int64(i), decimal.New(int64(i)*101, -2), "Low", run}
	}
	return rows
}

// Rows written by either path read back exactly: text with tabs, CR,
// newlines, backslashes, NUL, Unicode and "\N" itself; NULL; exact
// decimals; UTC microsecond times.
func TestAppendRoundTrip(t *testing.T) {
	odd := "tab\there\nnew line\r\n \\ back\\slash \\N N\x00UL ünïcødé 🚀"
	for _, n := range []int{3, 200} { // INSERT below loadDataMin, LOAD DATA above
		t.Run(fmt.Sprint(n, " rows"), func(t *testing.T) {
			db, _ := migrated(t)
			rows := saleRows("o", n, 1)
			rows[1][2], rows[1][3], rows[1][6] = odd, nil, decimal.RequireFromString("9999999999.99")
			x := begin(t, db)
			got, err := drv.Append(context.Background(), x, sales, rows)
			if err != nil || got != int64(n) {
				t.Fatalf("Append = %d, %v; want %d", got, err, n)
			}
			commit(t, x)
			var customer string
			var product *string
			var amount decimal.Decimal
			var sold time.Time
			err = db.QueryRow("SELECT customer, product, sales_amount, sold_at FROM transformed_sales_data WHERE order_id = 'o-1'").Scan(&customer, &product, &amount, &sold)
			if err != nil {
				t.Fatal(err)
			}
			wantAt := rows[1][1].(time.Time)
			if customer != odd || product != nil || amount.String() != "9999999999.99" || !sold.Equal(wantAt) {
				t.Fatalf("read %q %v %s %v, want %q NULL 9999999999.99 %v", customer, product, amount, sold, odd, wantAt)
			}
		})
	}
}

// A value of the wrong Go type for its column fails the batch, naming
// the column, and nothing stays.
func TestAppendWrongType(t *testing.T) {
	db, _ := migrated(t)
	x := begin(t, db)
	rows := saleRows("m", 100, 1)
	rows[50][5] = "seven"
	if _, err := drv.Append(context.Background(), x, sales, rows); err == nil || !strings.Contains(err.Error(), "column quantity") {
		t.Fatalf("Append of a string quantity = %v, want an error naming the column", err)
	}
	if c := salesCount(t, x); c != 0 {
		t.Fatalf("%d rows stayed, want none", c)
	}
}

// Every value LOAD DATA LOCAL would only warn about is an error that
// names the warning, and nothing of the batch stays.
func TestAppendWarningsAreErrors(t *testing.T) {
	long := strings.Repeat("x", 300)
	tests := []struct {
		name     string
		edit     func(rows [][]any)
		sentinel error
		reason   string
	}{
		{"duplicate key", func(r [][]any) { r[7][0] = r[3][0] }, driver.ErrConflict, "Duplicate entry"},
		{"key too long", func(r [][]any) { r[5][0] = long }, nil, "order_id"},
		{"decimal out of range", func(r [][]any) { r[9][6] = decimal.RequireFromString("12345678901.5") }, nil, "Out of range"},
		{"integer out of range", func(r [][]any) { r[9][5] = int64(1) << 40 }, nil, "Out of range"},
		{"check constraint", func(r [][]any) { r[8][7] = "Huge" }, driver.ErrCheck, "CONSTRAINT"},
	}
	db, _ := migrated(t)
	for _, tt := range tests {
		for _, n := range []int{10, 100} { // INSERT, LOAD DATA (loadDataMin is 32)
			t.Run(fmt.Sprint(tt.name, " ", n), func(t *testing.T) {
				rows := saleRows("w", 100, 1)
				tt.edit(rows)
				rows = rows[:n]
				x := begin(t, db)
				_, err := drv.Append(context.Background(), x, sales, rows)
				reason, refused := drv.Refused(err)
				switch {
				case err == nil:
					t.Fatal("Append succeeded")
				case tt.sentinel != nil && !errors.Is(err, tt.sentinel):
					t.Errorf("error %v does not wrap %v", err, tt.sentinel)
				case !refused || !strings.Contains(reason, tt.reason):
					t.Errorf("Refused = %q, %v; want a reason with %q (error %v)", reason, refused, tt.reason, err)
				}
				if c := salesCount(t, x); c != 0 {
					t.Errorf("%d rows stayed in the transaction, want none", c)
				}
			})
		}
	}
}

// A server that refuses LOAD DATA LOCAL (local_infile=OFF, MySQL 8's
// default) still takes the rows, through INSERTs.
func TestAppendWithoutLocalInfile(t *testing.T) {
	db, _ := migrated(t)
	if _, err := db.Exec("SET GLOBAL local_infile = 0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = db.Exec("SET GLOBAL local_infile = 1") })
	x := begin(t, db)
	if n, err := drv.Append(context.Background(), x, sales, saleRows("off", 100, 1)); err != nil || n != 100 {
		t.Fatalf("Append with local_infile off = %d, %v; want 100 rows", n, err)
	}
}
