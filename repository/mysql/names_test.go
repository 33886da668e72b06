package mysql_test

import (
	"context"
	"strings"
	"testing"
)

// A 60-character table name still upserts and replaces: its staging
// tables and their foreign keys would pass MySQL's 64 characters, and
// are shortened.
func TestLongNames(t *testing.T) {
	ctx := context.Background()
	db, _ := migrated(t)
	long := sales
	long.Name = strings.Repeat("s", 60)
	parent := strings.Repeat("p", 60)
	for _, q := range []string{
		"CREATE TABLE " + parent + " (id BIGINT PRIMARY KEY)",
		"INSERT INTO " + parent + " VALUES (1)",
		"CREATE TABLE " + long.Name + " LIKE transformed_sales_data",
		"ALTER TABLE " + long.Name + " ADD FOREIGN KEY (load_run_id) REFERENCES " + parent + " (id)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	x := begin(t, db)
	for i := range 2 {
		if _, _, err := drv.Upsert(ctx, x, long, []string{"order_id"}, saleRows("l", 3, 1), i == 0); err != nil {
			t.Fatalf("Upsert into a 60-character table: %v", err)
		}
	}
	staging := long
	staging.Name = "_loader_replace_" + strings.Repeat("q", 60)
	if err := drv.CreateStaging(ctx, x, long, staging); err != nil {
		t.Fatalf("CreateStaging with a 60-character pipeline: %v", err)
	}
	if _, err := drv.Append(ctx, x, staging, saleRows("n", 2, 1)); err != nil {
		t.Fatal(err)
	}
	if n, err := drv.Swap(ctx, x, long, staging); err != nil || n != 2 {
		t.Fatalf("Swap = %d, %v; want 2", n, err)
	}
	commit(t, x)
}
