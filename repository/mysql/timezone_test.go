package mysql_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/repositorytest"
)

// fivePast is the session zone the test's raw connection and the URL ask
// for: the loader's sessions stay UTC whatever a client or the URL says.
const fivePast = "'+05:00'"

// A time loaded through the loader (by INSERT and by LOAD DATA) is stored
// as its UTC wall time, and reads back as the same instant, in UTC, even
// when the URL asks for a +05:00 session and a raw session in +05:00
// reads the column.
func TestTimesAreStoredInUTC(t *testing.T) {
	plus5 := time.FixedZone("+05:00", 5*3600)
	sold := time.Date(2024, 3, 1, 12, 0, 0, 0, plus5) // 07:00 UTC
	for _, n := range []int{1, 40} {                  // INSERT; LOAD DATA
		t.Run(fmt.Sprintf("%d rows", n), func(t *testing.T) {
			_, raw := migrated(t)
			s := repositorytest.OpenStore(t, raw+"?time_zone=%27%2B05%3A00%27")
			load(t, s, n, sold)
			var got []models.TransformedSale
			err := repository.Stream(context.Background(), s, "order_id", 100, func(b []models.TransformedSale) error {
				got = append(got, b...)
				return nil
			})
			if err != nil || len(got) != n {
				t.Fatalf("read %d rows (%v), want %d", len(got), err, n)
			}
			if !got[0].SoldAt.Equal(sold) || got[0].SoldAt.Location() != time.UTC {
				t.Errorf("read back %v, want %v in UTC", got[0].SoldAt, sold.UTC())
			}
			if wall := rawWallTime(t, raw); wall != "2024-03-01 07:00:00.000000" {
				t.Errorf("stored wall time %q read in a +05:00 session, want the UTC 2024-03-01 07:00:00.000000", wall)
			}
		})
	}
}

// load appends n sales sold at sold through the Store.
func load(t *testing.T, s *repository.Store, n int, sold time.Time) {
	t.Helper()
	ctx := context.Background()
	tbl, err := s.TableOf(&models.TransformedSale{})
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = repositorytest.SaleRow(tbl, fmt.Sprintf("o%03d", i), "1.00", 1)
		rows[i][tbl.Index("sold_at")] = sold
	}
	if err := s.Scope(ctx, func(sess *repository.Session) error { _, err := sess.AppendRows(ctx, tbl, rows); return err }); err != nil {
		t.Fatal(err)
	}
}

// rawWallTime reads the first sale's sold_at as text on a plain
// go-sql-driver connection whose session is in +05:00.
func rawWallTime(t *testing.T, raw string) string {
	t.Helper()
	c, err := gomysql.ParseDSN(config(t, raw).URL.DSN)
	if err != nil {
		t.Fatal(err)
	}
	c.ParseTime, c.Params = false, map[string]string{"time_zone": fivePast}
	conn, err := gomysql.NewConnector(c)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(conn)
	defer func() { _ = db.Close() }()
	var zone, wall string
	err = db.QueryRow("SELECT @@session.time_zone, CAST(sold_at AS CHAR) FROM transformed_sales_data ORDER BY order_id LIMIT 1").Scan(&zone, &wall)
	if err != nil || zone != "+05:00" {
		t.Fatalf("raw session in zone %q (%v), want +05:00", zone, err)
	}
	return wall
}
