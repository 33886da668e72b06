package repository_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// startRun opens the warehouse at url and starts a run of pipeline p.
func startRun(t *testing.T, url string) (*repository.Store, *repository.Warehouse, etl.Run) {
	t.Helper()
	s := openStore(t, url)
	w := repository.NewWarehouse(s)
	run, err := w.StartRun(context.Background(), "p")
	if err != nil || run.ID == 0 || run.Status != etl.RunRunning || run.StartedAt.Location() != time.UTC {
		t.Fatalf("StartRun = %+v, %v", run, err)
	}
	return s, w, run
}

// The engine's ports, as the Store implements them: the engine's sentinels
// and types come back, whatever the database.
func TestWarehouseSpeaksTheEnginesTerms(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s, w, run := startRun(t, url)
		sales, err := repository.ModelOf[models.TransformedSale](s)
		if err != nil {
			t.Fatal(err)
		}
		row := make([]any, len(sales.Table().Columns))
		bad := models.TransformedSale{OrderID: "x", SoldAt: time.Now(), SalesAmount: decimal.New(1, 0), SalesCategory: "Huge", LoadRunID: run.ID}
		sales.Flatten(&bad, row)
		for _, tt := range []struct {
			name  string
			write func(etl.Tx) error
			check func(error) bool
		}{
			{"a row the database refuses", func(tx etl.Tx) error {
				_, err := tx.AppendRows(ctx, sales.Table(), [][]any{row})
				return err
			}, func(err error) bool {
				var r *etl.RefusedError
				return errors.As(err, &r) && strings.Contains(r.Reason, "refused the row")
			}},
			{"a lease another run holds", func(tx etl.Tx) error { return tx.CheckLease(ctx, "p", run.ID+1) },
				func(err error) bool {
					return errors.Is(err, etl.ErrLeaseLost) && errors.Is(err, repository.ErrLeaseLost)
				}},
			{"the lease the run holds", func(tx etl.Tx) error { return tx.CheckLease(ctx, "p", run.ID) },
				func(err error) bool { return err == nil }},
		} {
			if err := w.Transact(ctx, tt.write); !tt.check(err) {
				t.Errorf("%s: %v", tt.name, err)
			}
		}
	})
}

// A batch's bookkeeping, written through the Ledger, reads back as it was
// written, the empty cursor included.
func TestWarehouseLedgerRoundTrip(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s, w, run := startRun(t, url)
		for _, want := range []etl.State{
			{Pipeline: "p", Source: "csv", Records: 7, Cursor: "k-7", RunID: run.ID},
			{Pipeline: "p", Source: "csv", Records: 9, RunID: run.ID},
		} {
			run.RowsRead, run.RowsLoaded, run.RowsRejected = want.Records, want.Records-1, 1
			err := w.Transact(ctx, func(tx etl.Tx) error {
				if err := tx.AddRejects(ctx, []etl.Reject{{RunID: run.ID, Position: "line 2", Record: "{}", Reason: "bad"}}); err != nil {
					return err
				}
				if err := tx.UpdateRunCounts(ctx, &run); err != nil {
					return err
				}
				return tx.SaveState(ctx, want)
			})
			if got, found, serr := w.State(ctx, "p"); err != nil || serr != nil || !found || got != want {
				t.Errorf("State after saving %+v = %+v, %v (%v, %v)", want, got, found, err, serr)
			}
		}
		run.Status = etl.RunSucceeded
		if err := w.FinishRun(ctx, &run); err != nil || run.FinishedAt == nil {
			t.Fatalf("FinishRun = %v, finished at %v", err, run.FinishedAt)
		}
		stored, err := s.Run(ctx, run.ID)
		rejects, rerr := s.Rejects(ctx, run.ID, 10)
		if err != nil || rerr != nil || stored.Status != etl.RunSucceeded || stored.RowsLoaded != 8 || len(rejects) != 2 {
			t.Fatalf("stored run %+v (%v), rejects %v (%v)", stored, err, rejects, rerr)
		}
		if _, found, err := w.State(ctx, "other"); found || err != nil {
			t.Errorf("State of a pipeline that never committed: found %v, %v", found, err)
		}
	})
}

// A pipeline lock another process holds is etl.ErrAlreadyRunning to the
// engine, and still ErrLocked to the repository's callers.
func TestWarehouseLockHeldElsewhere(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		ctx := context.Background()
		a, b := repository.NewWarehouse(openStore(t, url)), repository.NewWarehouse(openStore(t, url))
		release, err := a.LockPipeline(ctx, "p", false)
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		if _, err := b.LockPipeline(ctx, "p", false); !errors.Is(err, etl.ErrAlreadyRunning) || !errors.Is(err, repository.ErrLocked) {
			t.Fatalf("second lock: %v, want ErrAlreadyRunning and ErrLocked", err)
		}
	})
}
