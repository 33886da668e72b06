package repository_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

func TestInsertUpsertFirstStream(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		ctx := context.Background()
		rows := make([]models.TransformedSale, 2500)
		for i := range rows {
			rows[i] = sale(fmt.Sprintf("o%05d", i), "10.10")
		}
		err := s.Scope(ctx, func(sess *repository.Session) error { return repository.Insert(ctx, sess, rows, 0) })
		if err != nil {
			t.Fatal(err)
		}
		err = s.Scope(ctx, func(sess *repository.Session) error {
			return repository.Upsert(ctx, sess, []models.TransformedSale{sale("o00001", "99.99"), sale("new", "0.01")}, "order_id")
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Scope(ctx, func(sess *repository.Session) error {
			got, err := repository.First[models.TransformedSale](ctx, sess, "order_id = ?", "o00001")
			if err != nil {
				return err
			}
			if !got.SalesAmount.Equal(decimal.RequireFromString("99.99")) {
				return fmt.Errorf("upserted amount %s, want 99.99", got.SalesAmount)
			}
			_, err = repository.First[models.TransformedSale](ctx, sess, "order_id = ?", "missing")
			if !errors.Is(err, repository.ErrNotFound) {
				return fmt.Errorf("First(missing) = %v, want ErrNotFound", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var seen, batches int
		prev := ""
		err = repository.Stream(ctx, s, "order_id", 1000, func(b []models.TransformedSale) error {
			batches++
			for _, r := range b {
				if r.OrderID <= prev {
					return fmt.Errorf("out of order: %s after %s", r.OrderID, prev)
				}
				prev = r.OrderID
				seen++
			}
			return nil
		})
		if err != nil || seen != 2501 || batches != 3 {
			t.Fatalf("Stream: %v, %d rows in %d batches; want 2501 in 3", err, seen, batches)
		}
	})
}

// TestCopyFromJoinsTheScopeTransaction proves the COPY seam: rows copied
// through pgx inside a scope roll back with the GORM insert beside them.
func TestCopyFromJoinsTheScopeTransaction(t *testing.T) {
	raw := dbtest.Postgres(t)
	dbtest.Migrate(t, raw)
	s := openStore(t, raw)
	ctx := context.Background()
	copyRows := func(sess *repository.Session, n int) error {
		src := make([][]any, n)
		for i := range src {
			src[i] = []any{fmt.Sprintf("c%d", i), sale("", "1").SoldAt, int32(2), decimal.RequireFromString("3.25"), "Low", int64(1)}
		}
		_, err := sess.CopyFrom(ctx, "transformed_sales_data",
			[]string{"order_id", "sold_at", "quantity", "sales_amount", "sales_category", "load_run_id"}, pgx.CopyFromRows(src))
		return err
	}
	boom := errors.New("boom")
	err := s.Scope(ctx, func(sess *repository.Session) error {
		if err := insertOne(ctx, sess, "gorm"); err != nil {
			return err
		}
		if err := copyRows(sess, 100); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || countSales(t, s) != 0 {
		t.Fatalf("Scope = %v with %d rows left; want boom and 0", err, countSales(t, s))
	}
	err = s.Scope(ctx, func(sess *repository.Session) error {
		if err := insertOne(ctx, sess, "gorm"); err != nil {
			return err
		}
		return copyRows(sess, 100)
	})
	if err != nil || countSales(t, s) != 101 {
		t.Fatalf("Scope = %v with %d rows; want 101", err, countSales(t, s))
	}
	sq := openStore(t, dbtest.SQLite(t))
	err = sq.Scope(ctx, func(sess *repository.Session) error { _, err := sess.CopyFrom(ctx, "x", nil, nil); return err })
	if !errors.Is(err, repository.ErrUnsupported) {
		t.Fatalf("CopyFrom on SQLite = %v, want ErrUnsupported", err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := repository.Open(ctx, "postgres://bob:s3cret@127.0.0.1:1/db"); !errors.Is(err, repository.ErrUnreachable) || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("Open(unreachable) = %v", err)
	}
	if _, err := repository.Open(ctx, "oracle://x/y"); err == nil || !strings.Contains(err.Error(), "unknown scheme") {
		t.Fatalf("Open(oracle) = %v", err)
	}
}
