package repositorytest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// appendKeepsValues: an appended row reads back with its decimal exact, its
// timestamp the same instant (given in another zone), its NULLs NULL.
func appendKeepsValues(t *testing.T, _ Target, raw string) {
	s := OpenStore(t, raw)
	ctx := context.Background()
	tbl, err := s.TableOf(&models.TransformedSale{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 6, 30, 23, 59, 58, 0, time.FixedZone("UTC+5", 5*3600))
	row := SaleRow(tbl, "v", "1234567890.99", 1)
	row[tbl.Index("sold_at")] = at
	row[tbl.Index("product")] = "widget" // customer and region stay nil: NULL
	err = s.Scope(ctx, func(sess *repository.Session) error {
		_, err := sess.AppendRows(ctx, tbl, [][]any{row})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var got models.TransformedSale
	err = s.Scope(ctx, func(sess *repository.Session) (err error) {
		got, err = repository.First[models.TransformedSale](ctx, sess, "order_id = ?", "v")
		return err
	})
	switch {
	case err != nil:
		t.Fatal(err)
	case !got.SalesAmount.Equal(decimal.RequireFromString("1234567890.99")):
		t.Errorf("sales_amount read back as %s, want 1234567890.99", got.SalesAmount)
	case !got.SoldAt.Equal(at):
		t.Errorf("sold_at read back as %s, want the instant %s", got.SoldAt.UTC(), at.UTC())
	case got.Customer != nil || got.Region != nil || got.Product == nil || *got.Product != "widget":
		t.Errorf("nullable columns read back as customer %v region %v product %v", got.Customer, got.Region, got.Product)
	}
}

// upsertRewritesOnlyChangedRows: an upsert counts the rows it inserted or
// changed, and leaves a row it got unchanged as it was (its run too).
func upsertRewritesOnlyChangedRows(t *testing.T, _ Target, raw string) {
	s := OpenStore(t, raw)
	ctx := context.Background()
	tbl, err := s.TableOf(&models.TransformedSale{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rows [][]any
		want int64
	}{
		{[][]any{SaleRow(tbl, "a", "1.00", 1), SaleRow(tbl, "b", "2.00", 1)}, 2},
		{[][]any{SaleRow(tbl, "a", "1.00", 2), SaleRow(tbl, "b", "2.50", 2), SaleRow(tbl, "c", "3.00", 2)}, 2},
		{[][]any{SaleRow(tbl, "a", "1.00", 3), SaleRow(tbl, "b", "2.50", 3), SaleRow(tbl, "c", "3.00", 3)}, 0},
	} {
		var n int64
		err := s.Scope(ctx, func(sess *repository.Session) (err error) {
			n, _, err = sess.UpsertRows(ctx, tbl, tbl.Keys, tc.rows, false)
			return err
		})
		if err != nil || n != tc.want {
			t.Fatalf("upsert of %d rows = %d, %v; want %d inserted or changed", len(tc.rows), n, err, tc.want)
		}
	}
	want := "map[a:1.00/run1 b:2.50/run2 c:3.00/run2]"
	if got := amounts(t, s); fmt.Sprint(got) != want {
		t.Fatalf("after the upserts %s, want %s", fmt.Sprint(got), want)
	}
}
