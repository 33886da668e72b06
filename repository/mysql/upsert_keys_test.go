package mysql_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/mysql"
)

// A change that only adds or removes trailing spaces, in a key or in
// another column, is written and counted, although utf8mb4_bin (PAD
// SPACE) takes 'x' and 'x ' as equal.
func TestUpsertTrailingSpaces(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		col       int
		from, to  string
		wantKey   string
		wantValue string
	}{
		{"value gains a space", 3, "x", "x ", "ts-0", "x "},
		{"value loses a space", 3, "x ", "x", "ts-0", "x"},
		{"key gains a space", 0, "ts-0", "ts-0 ", "ts-0 ", "p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := migrated(t)
			row := saleRows("ts", 1, 1)[0]
			row[3] = "p"
			row[tt.col] = tt.from
			x := begin(t, db)
			if _, _, err := drv.Upsert(ctx, x, sales, []string{"order_id"}, [][]any{row}, false); err != nil {
				t.Fatal(err)
			}
			changed := append([]any(nil), row...)
			changed[tt.col], changed[8] = tt.to, int64(2)
			if n, _, err := drv.Upsert(ctx, x, sales, []string{"order_id"}, [][]any{changed}, false); err != nil || n != 1 {
				t.Fatalf("Upsert of %q → %q = %d, %v; want 1 row changed", tt.from, tt.to, n, err)
			}
			var key, product string
			if err := x.QueryRowContext(ctx, "SELECT order_id, product FROM transformed_sales_data").Scan(&key, &product); err != nil {
				t.Fatal(err)
			}
			if key != tt.wantKey || product != tt.wantValue {
				t.Errorf("stored %q, %q; want %q, %q", key, product, tt.wantKey, tt.wantValue)
			}
		})
	}
}

// Upsert refuses a table with a unique index other than the key's: ON
// DUPLICATE KEY would fire on it too. A key that is the only unique one,
// primary or not, is taken.
func TestUpsertOtherUniqueKey(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		ddl    string
		keys   []string
		refuse string // the index the error names, "" to succeed
	}{
		{"primary key and a unique code", "id BIGINT PRIMARY KEY, code VARCHAR(20), v TEXT, UNIQUE KEY uq_code (code)", []string{"id"}, "uq_code"},
		{"keyed on the unique code", "id BIGINT PRIMARY KEY, code VARCHAR(20), v TEXT, UNIQUE KEY uq_code (code)", []string{"code"}, "PRIMARY"},
		{"primary key only", "id BIGINT PRIMARY KEY, code VARCHAR(20), v TEXT, KEY ix_code (code)", []string{"id"}, ""},
		{"unique pair only", "id BIGINT NOT NULL, code VARCHAR(20) NOT NULL, v TEXT, UNIQUE KEY uq_pair (code, id)", []string{"id", "code"}, ""},
	}
	items := target.Table{Name: "items", Columns: []target.Column{
		{Name: "id", Kind: target.KindInt, Bits: 64}, {Name: "code", Kind: target.KindString}, {Name: "v", Kind: target.KindString},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := fresh(t)
			if _, err := db.Exec("CREATE TABLE items (" + tt.ddl + ")"); err != nil {
				t.Fatal(err)
			}
			d := mysql.New()
			for range 2 { // the second answer comes from the driver's memory
				x := begin(t, db)
				_, _, err := d.Upsert(ctx, x, items, tt.keys, [][]any{{int64(1), "a", "v"}}, false)
				switch {
				case tt.refuse == "" && err != nil:
					t.Fatalf("Upsert: %v", err)
				case tt.refuse != "" && (!errors.Is(err, mysql.ErrOtherUniqueKey) || !strings.Contains(err.Error(), tt.refuse)):
					t.Fatalf("Upsert = %v, want ErrOtherUniqueKey naming %s", err, tt.refuse)
				}
				commit(t, x)
			}
		})
	}
}
