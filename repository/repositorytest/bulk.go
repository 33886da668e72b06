package repositorytest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// SaleRow is a row of transformed_sales_data in t's column order.
func SaleRow(t repository.Table, id string, amount string, run int64) []any {
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

// amounts reads every sale as amount/run, by order id.
func amounts(t testing.TB, s *repository.Store) map[string]string {
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

func appendUpsertReplace(t *testing.T, _ Target, raw string) {
	s := OpenStore(t, raw)
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
		return sess.AppendRows(ctx, tbl, [][]any{SaleRow(tbl, "a", "1.10", 1), SaleRow(tbl, "b", "2.20", 1)})
	})
	if n != 2 {
		t.Fatalf("appended %d", n)
	}
	err = s.Scope(ctx, func(sess *repository.Session) error {
		_, err := sess.AppendRows(ctx, tbl, [][]any{SaleRow(tbl, "a", "9", 1)})
		return err
	})
	if !errors.Is(err, repository.ErrConflict) {
		t.Fatalf("duplicate append = %v, want ErrConflict", err)
	}
	for _, tryCopy := range []bool{true, false} {
		write(func(sess *repository.Session) (int64, error) {
			n, copied, err := sess.UpsertRows(ctx, tbl, tbl.Keys, [][]any{SaleRow(tbl, "b", "3.30", 2), SaleRow(tbl, "c", "4.40", 2), SaleRow(tbl, "b", "5.50", 2)}, tryCopy)
			if copied {
				t.Errorf("rows with an existing key took the COPY path")
			}
			return n, err
		})
	}
	write(func(sess *repository.Session) (int64, error) {
		n, _, err := sess.UpsertRows(ctx, tbl, tbl.Keys, [][]any{SaleRow(tbl, "n1", "1", 2), SaleRow(tbl, "n2", "2", 2)}, true)
		if err != nil {
			return n, err
		}
		return n, sess.AsyncCommit(ctx)
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
		return sess.AppendRows(ctx, stage, [][]any{SaleRow(tbl, "z", "7.00", 3)})
	})
	if got := amounts(t, s); len(got) != 5 {
		t.Fatalf("target changed before the swap: %v", got)
	}
	write(func(sess *repository.Session) (int64, error) { return sess.ReplaceFromStaging(ctx, tbl, stage) })
	if got := amounts(t, s); fmt.Sprint(got) != "map[z:7.00/run3]" {
		t.Fatalf("after replace %v", got)
	}
}
