package repository_test

import (
	"context"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// A skipped run is recorded while another run holds the pipeline, and
// changes nothing of it: the running run keeps its lease and status, and
// the next run's sweep leaves the skipped run as it is.
func TestRecordSkippedLeavesTheRunningRunAlone(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := openStore(t, url)
		release, err := s.LockPipeline(ctx, "p", false)
		if err != nil {
			t.Fatal(err)
		}
		running, err := s.StartRun(ctx, "p")
		if err != nil {
			t.Fatal(err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		skipped, err := s.RecordSkipped(cancelled, "p", "the previous run is still going")
		if err != nil {
			t.Fatalf("RecordSkipped: %v", err)
		}
		got, err := s.Run(ctx, skipped.ID)
		if err != nil || got.Status != models.RunSkipped || got.FinishedAt == nil || !got.FinishedAt.Equal(got.StartedAt) ||
			got.Error == nil || *got.Error != "the previous run is still going" || got.RowsRead+got.RowsLoaded+got.RowsRejected+got.RowsDropped != 0 {
			t.Fatalf("skipped run = %+v, %v", got, err)
		}
		if err := s.Scope(ctx, func(sess *repository.Session) error { return sess.CheckLease(ctx, "p", running.ID) }); err != nil {
			t.Fatalf("the running run lost its lease to a skip: %v", err)
		}
		if r, _ := s.Run(ctx, running.ID); r.Status != models.RunRunning {
			t.Fatalf("running run became %s", r.Status)
		}
		running.Status = models.RunSucceeded
		if err := s.FinishRun(ctx, &running); err != nil {
			t.Fatal(err)
		}
		release()
		next, err := s.StartRun(ctx, "p")
		if err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Run(ctx, skipped.ID); r.Status != models.RunSkipped || r.Error == nil || *r.Error != "the previous run is still going" {
			t.Fatalf("after the next run's sweep the skipped run is %+v", r)
		}
		runs, err := s.Runs(ctx, "p", 10)
		if err != nil || len(runs) != 3 || runs[0].ID != next.ID || runs[1].ID != skipped.ID {
			t.Fatalf("Runs = %+v, %v; want the next, the skipped and the first run", runs, err)
		}
	})
}
