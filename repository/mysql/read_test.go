package mysql_test

import (
	"context"
	"errors"
	"testing"

	"github.com/warehouse-loader/loader/repository/driver"
)

// A read-only read refuses DDL as well as DML (DDL would otherwise commit
// the READ ONLY transaction and run), and the connection is writable again
// afterwards.
func TestReadOnlyRefusesDDL(t *testing.T) {
	ctx := context.Background()
	db, _ := fresh(t)
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE existing (a INT)"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE ro_made (a INT)", "CREATE DATABASE ro_made_db", "INSERT INTO existing VALUES (1)", "DROP TABLE existing"} {
		err := drv.ReadOnly(ctx, db, func(ctx context.Context, q2 driver.Queryer) error {
			rows, err := q2.QueryContext(ctx, q)
			if err != nil {
				return err
			}
			defer func() { _ = rows.Close() }()
			return rows.Err()
		})
		if !errors.Is(driver.Map(err, drv.Classify), driver.ErrReadOnly) {
			t.Errorf("%s in ReadOnly = %v, want ErrReadOnly", q, err)
		}
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ro_made'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("the DDL ran: %d tables (%v)", n, err)
	}
	if _, err := db.Exec("CREATE TABLE rw_after (a INT)"); err != nil {
		t.Fatalf("the connection stayed read-only: %v", err)
	}
}
