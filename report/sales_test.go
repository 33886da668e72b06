package report_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/report"
	"github.com/warehouse-loader/loader/repository"
)

// The report is exact on both dialects: amounts a float sum gets wrong
// (0.10 + 0.20 + 0.70), sums past 2^31 cents, and a mean rounded
// half-even (0.025 → 0.02); categories come Low, Medium, High.
func TestSalesIsExactAndOrdered(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		s := open(t, url)
		load(t, s, map[string][]string{
			"High":   {"9999999999.99", "9999999999.99"},
			"Medium": {"0.02", "0.03"},
			"Low":    {"0.10", "0.20", "0.70"},
		})
		got, err := report.Sales(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"Low 3 1.00 0.33", "Medium 2 0.05 0.02", "High 2 19999999999.98 9999999999.99"}
		if lines := linesOf(got); strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Fatalf("report\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
		}
	})
}

// An empty table gives an empty report, not an error.
func TestSalesOfAnEmptyWarehouse(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		got, err := report.Sales(context.Background(), open(t, url))
		if err != nil || len(got) != 0 {
			t.Fatalf("Sales = %v, %v; want no lines", got, err)
		}
	})
}

// The report ends at the store's statement timeout when another session
// holds the table locked, rather than waiting for the lock.
func TestSalesEndsAtTheStatementTimeout(t *testing.T) {
	url := dbtest.Postgres(t)
	dbtest.Migrate(t, url)
	dbtest.Hold(t, url, "LOCK TABLE transformed_sales_data IN ACCESS EXCLUSIVE MODE")
	s, err := repository.Open(context.Background(), url, repository.WithStatementTimeout(500*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	done := make(chan error, 1)
	go func() { _, err := report.Sales(context.Background(), s); done <- err }()
	select {
	case err = <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("Sales did not return within 15 s")
	}
	if !errors.Is(err, repository.ErrTimeout) || !strings.Contains(err.Error(), "did not answer within 500ms") {
		t.Fatalf("Sales = %v, want a timeout naming 500ms", err)
	}
}

func open(t *testing.T, url string) *repository.Store {
	t.Helper()
	s, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// load inserts one row per amount of each category, under one run.
func load(t *testing.T, s *repository.Store, amounts map[string][]string) {
	t.Helper()
	ctx := context.Background()
	run, err := s.StartRun(ctx, "report-test")
	if err != nil {
		t.Fatal(err)
	}
	var rows []models.TransformedSale
	for category, list := range amounts {
		for i, a := range list {
			rows = append(rows, models.TransformedSale{
				OrderID: category + string(rune('a'+i)), SoldAt: time.Unix(0, 0).UTC(), Quantity: 1,
				SalesAmount: decimal.RequireFromString(a), SalesCategory: category, LoadRunID: run.ID,
			})
		}
	}
	err = s.Scope(ctx, func(sess *repository.Session) error { return repository.Insert(ctx, sess, rows, 100) })
	if err != nil {
		t.Fatal(err)
	}
}

func linesOf(stats []report.CategoryStats) []string {
	var out []string
	for _, c := range stats {
		out = append(out, strings.Join([]string{c.Category, decimal.NewFromInt(c.Count).String(), c.Sum.StringFixed(2), c.Mean.StringFixed(2)}, " "))
	}
	return out
}
