package mysql_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/models"
)

func tableCount(t *testing.T, raw string) int {
	t.Helper()
	db, err := drv.OpenDB(config(t, raw))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	var n int
	err = db.QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'schema_migrations'").Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Every migration applies, reverts and applies again on MariaDB.
func TestMigrationsUpDownUp(t *testing.T) {
	_, raw := fresh(t)
	m := migrator(t, raw)
	tables := len(models.All()) // a table per model
	files, err := migrations.ReadFiles(migrations.Embedded, drv.Dir())
	if err != nil {
		t.Fatal(err)
	}
	last := files[len(files)-1].Version
	steps := []struct {
		name   string
		run    func() error
		tables int
	}{
		{"up", m.Up, tables},
		{"down", m.Down, 0},
		{"up again", m.Up, tables},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := tableCount(t, raw); got != s.tables {
			t.Fatalf("after %s: %d tables, want %d", s.name, got, s.tables)
		}
	}
	if v, dirty, err := m.Version(); err != nil || dirty || v != last {
		t.Fatalf("version = %d dirty %v (%v), want %d clean", v, dirty, err, last)
	}
}

// A TransformedSale round-trips through GORM exactly: the decimal to the
// cent, the time to the microsecond and stored in UTC, whatever the zone
// of the session reading it raw.
func TestModelsRoundTripThroughGORM(t *testing.T) {
	db, raw := migrated(t)
	gdb, err := gorm.Open(drv.Dialector(config(t, raw)), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	kolkata := time.FixedZone("+05:30", 5*3600+1800)
	sold := time.Date(2024, 3, 1, 9, 30, 15, 123456000, kolkata)
	want := models.TransformedSale{OrderID: "o-1", SoldAt: sold, Quantity: 3,
		SalesAmount: decimal.RequireFromString("1234567890.12"), SalesCategory: "High", LoadRunID: 7}
	if err := gdb.Create(&want).Error; err != nil {
		t.Fatal(err)
	}
	var got models.TransformedSale
	if err := gdb.First(&got, "order_id = ?", "o-1").Error; err != nil {
		t.Fatal(err)
	}
	if !got.SalesAmount.Equal(want.SalesAmount) || got.SalesAmount.String() != "1234567890.12" {
		t.Errorf("sales_amount = %s, want 1234567890.12", got.SalesAmount)
	}
	if !got.SoldAt.Equal(sold) || got.SoldAt.Location() != time.UTC {
		t.Errorf("sold_at = %v, want %v in UTC", got.SoldAt, sold.UTC())
	}
	// A session in another zone reads the stored text: UTC, not +05:00.
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	var text string
	_, err = conn.ExecContext(context.Background(), "SET time_zone = '+05:00'")
	if err == nil {
		err = conn.QueryRowContext(context.Background(), "SELECT CAST(sold_at AS CHAR) FROM transformed_sales_data").Scan(&text)
	}
	if err != nil {
		t.Fatal(err)
	}
	if text != "2024-03-01 04:00:15.123456" {
		t.Errorf("stored sold_at = %q, want the UTC 2024-03-01 04:00:15.123456", text)
	}
	for _, m := range models.All() {
		if !gdb.Migrator().HasTable(m) {
			t.Errorf("no table for %T", m)
		}
	}
}
