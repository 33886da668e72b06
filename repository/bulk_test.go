package repository_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

func saleRow(t repository.Table, id string, amount string, run int64) []any {
	row := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		switch c.Name {
		case "order_id":
			row[i] = id
		case "sold_at":
			row[i] = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
		case "quantity":
			row[i] = int64(2)
		case "sales_amount":
			row[i] = decimal.RequireFromString(amount)
		case "sales_category":
			row[i] = "Low"
		case "load_run_id":
			row[i] = run
		}
	}
	return row
}

func amounts(t *testing.T, s *repository.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := repository.Stream(context.Background(), s, "order_id", 100, func(b []models.TransformedSale) error {
		for _, r := range b {
			out[r.OrderID] = r.SalesAmount.StringFixed(2) + fmt.Sprintf("/run%d", r.LoadRunID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBulkAppendUpsertReplace(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		ctx := context.Background()
		tbl, err := s.TableOf(&models.TransformedSale{})
		if err != nil {
			t.Fatal(err)
		}
		if len(tbl.Keys) != 1 || tbl.Keys[0] != "order_id" || tbl.Columns[tbl.Index("sales_amount")].Scale != 2 {
			t.Fatalf("table %+v", tbl)
		}
		write := func(fn func(sess *repository.Session) (int64, error)) int64 {
			var n int64
			if err := s.Scope(ctx, func(sess *repository.Session) (err error) { n, err = fn(sess); return err }); err != nil {
				t.Fatal(err)
			}
			return n
		}
		n := write(func(sess *repository.Session) (int64, error) {
			return sess.AppendRows(ctx, tbl, [][]any{saleRow(tbl, "a", "1.10", 1), saleRow(tbl, "b", "2.20", 1)})
		})
		if n != 2 {
			t.Fatalf("appended %d", n)
		}
		err = s.Scope(ctx, func(sess *repository.Session) error {
			_, err := sess.AppendRows(ctx, tbl, [][]any{saleRow(tbl, "a", "9", 1)})
			return err
		})
		if !errors.Is(err, repository.ErrConflict) {
			t.Fatalf("duplicate append = %v, want ErrConflict", err)
		}
		for _, tryCopy := range []bool{true, false} {
			write(func(sess *repository.Session) (int64, error) {
				n, copied, err := sess.UpsertRows(ctx, tbl, tbl.Keys, [][]any{saleRow(tbl, "b", "3.30", 2), saleRow(tbl, "c", "4.40", 2), saleRow(tbl, "b", "5.50", 2)}, tryCopy)
				if copied {
					t.Errorf("rows with an existing key took the COPY path")
				}
				return n, err
			})
		}
		write(func(sess *repository.Session) (int64, error) {
			n, copied, err := sess.UpsertRows(ctx, tbl, tbl.Keys, [][]any{saleRow(tbl, "n1", "1", 2), saleRow(tbl, "n2", "2", 2)}, true)
			if copied != (tbl.Name != "" && sess.Dialect() == "postgres") {
				t.Errorf("new keys: copied = %v", copied)
			}
			if err := sess.AsyncCommit(ctx); err != nil {
				return n, err
			}
			return n, err
		})
		write(func(sess *repository.Session) (int64, error) {
			return sess.AppendRows(ctx, tbl, nil) // the session is usable after a rolled-back savepoint
		})
		want := map[string]string{"a": "1.10/run1", "b": "5.50/run2", "c": "4.40/run2", "n1": "1.00/run2", "n2": "2.00/run2"}
		if got := amounts(t, s); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("after upsert %v, want %v", got, want)
		}
		stage := repository.StagingTable(tbl, "p-1")
		write(func(sess *repository.Session) (int64, error) {
			if err := sess.CreateStaging(ctx, tbl, stage); err != nil {
				return 0, err
			}
			return sess.AppendRows(ctx, stage, [][]any{saleRow(tbl, "z", "7.00", 3)})
		})
		if got := amounts(t, s); len(got) != 5 {
			t.Fatalf("target changed before the swap: %v", got)
		}
		write(func(sess *repository.Session) (int64, error) { return sess.ReplaceFromStaging(ctx, tbl, stage) })
		if got := amounts(t, s); fmt.Sprint(got) != "map[z:7.00/run3]" {
			t.Fatalf("after replace %v", got)
		}
	})
}

func TestReadPage(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		ctx := context.Background()
		err := s.Scope(ctx, func(sess *repository.Session) error {
			return sess.Exec(ctx,
				"INSERT INTO sales_data (order_id, sales_amount) VALUES ('1', '10.50'), ('2', NULL), ('3', 'x')",
				"INSERT INTO transformed_sales_data (order_id, sold_at, quantity, sales_amount, sales_category, load_run_id) VALUES ('q', '2024-01-01T00:00:00Z', 1, 12.30, 'Low', 1)")
		})
		if err != nil {
			t.Fatal(err)
		}
		cols, rows, err := s.ReadPage(ctx, repository.ReadQuery{Table: "sales_data", Key: "id", Limit: 2}, nil)
		if err != nil || len(rows) != 2 || cols[0] != "id" {
			t.Fatalf("page 1: %v %v %v", cols, rows, err)
		}
		// Resume from a cursor stored as text, as load_state keeps it.
		_, rows, err = s.ReadPage(ctx, repository.ReadQuery{Table: "sales_data", Key: "id", Limit: 2}, fmt.Sprint(rows[1][0]))
		if err != nil || len(rows) != 1 || rows[0][1] != "3" {
			t.Fatalf("page 2: %v %v", rows, err)
		}
		_, rows, err = s.ReadPage(ctx, repository.ReadQuery{SQL: "SELECT order_id, sales_amount FROM transformed_sales_data", Key: "order_id", Limit: 10}, nil)
		if err != nil || len(rows) != 1 {
			t.Fatalf("query page: %v %v", rows, err)
		}
		if d, err := decimal.NewFromString(fmt.Sprint(rows[0][1])); err != nil || d.StringFixed(2) != "12.30" {
			t.Fatalf("numeric read back as %T %v", rows[0][1], rows[0][1])
		}
	})
}

func TestLockPipeline(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, raw string) {
		a, b := openStore(t, raw), openStore(t, raw)
		ctx := context.Background()
		release, err := a.LockPipeline(ctx, "p", false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.LockPipeline(ctx, "p", false); !errors.Is(err, repository.ErrLocked) {
			t.Fatalf("second lock = %v, want ErrLocked", err)
		}
		other, err := b.LockPipeline(ctx, "other", false)
		if err != nil {
			t.Fatalf("another pipeline's lock: %v", err)
		}
		other()
		if dialectOf(raw) == "postgres" { // another schema is another warehouse
			elsewhere := openStore(t, dbtest.Postgres(t))
			rel, err := elsewhere.LockPipeline(ctx, "p", false)
			if err != nil {
				t.Fatalf("the same pipeline in another schema: %v", err)
			}
			rel()
		}
		done := make(chan error)
		go func() {
			rel, err := b.LockPipeline(ctx, "p", true)
			if err == nil {
				rel()
			}
			done <- err
		}()
		time.Sleep(200 * time.Millisecond)
		release()
		if err := <-done; err != nil {
			t.Fatalf("waiting lock: %v", err)
		}
	})
}

func dialectOf(url string) string {
	if strings.HasPrefix(url, "postgres") {
		return "postgres"
	}
	return "sqlite"
}
