package repository_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// tickingStore opens url with a clock that moves a minute each time it is
// read, from 2024-05-01 10:00 UTC.
func tickingStore(t *testing.T, url string) *repository.Store {
	t.Helper()
	at := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	s, err := repository.Open(context.Background(), url, repository.WithNow(func() time.Time {
		at = at.Add(time.Minute)
		return at
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// recordRun starts a run of pipeline and, unless status is running,
// finishes it with status and counts of rows read, loaded, rejected and
// dropped.
func recordRun(t *testing.T, s *repository.Store, pipeline, status string, counts ...int64) models.LoadRun {
	t.Helper()
	ctx := context.Background()
	run, err := s.StartRun(ctx, pipeline)
	if err != nil {
		t.Fatal(err)
	}
	run.RowsRead, run.RowsLoaded, run.RowsRejected, run.RowsDropped = counts[0], counts[1], counts[2], counts[3]
	if status == models.RunRunning {
		err = s.Scope(ctx, func(sess *repository.Session) error { return sess.UpdateRunCounts(ctx, &run) })
	} else {
		run.Status = status
		err = s.FinishRun(ctx, &run)
	}
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func TestRunTotals(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		s := tickingStore(t, url)
		if got, err := s.RunTotals(context.Background()); err != nil || len(got) != 0 {
			t.Fatalf("no runs: RunTotals = %+v, %v", got, err)
		}
		recordRun(t, s, "sales", models.RunSucceeded, 10, 8, 1, 1)
		recordRun(t, s, "sales", models.RunFailed, 5, 0, 5, 0)
		last := recordRun(t, s, "sales", models.RunSucceeded, 3, 3, 0, 0)
		recordRun(t, s, "sales", models.RunRunning, 2, 2, 0, 0)
		recordRun(t, s, "orders", models.RunCancelled, 7, 6, 0, 1)
		got, err := s.RunTotals(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, p := range got {
			lines = append(lines, fmt.Sprintf("%s runs=%v rows=%d/%d/%d/%d last=%v", p.Pipeline, p.Runs, p.Read, p.Loaded, p.Rejected, p.Dropped, p.LastSuccess))
		}
		want := []string{
			"orders runs=map[cancelled:1] rows=7/6/0/1 last=<nil>",
			fmt.Sprintf("sales runs=map[failed:1 running:1 succeeded:2] rows=20/13/6/1 last=%v", last.FinishedAt),
		}
		if fmt.Sprint(lines) != fmt.Sprint(want) {
			t.Fatalf("RunTotals:\n%s\nwant\n%s", lines, want)
		}
		if !got[1].LastSuccess.Equal(*last.FinishedAt) || got[1].LastSuccess.Location() != time.UTC {
			t.Fatalf("last success %v, want %v in UTC", got[1].LastSuccess, last.FinishedAt)
		}
	})
}

// BenchmarkRunTotals measures RunTotals over 100k runs of 50 pipelines.
func BenchmarkRunTotals(b *testing.B) {
	for _, d := range []string{"sqlite", "postgres"} {
		b.Run(d, func(b *testing.B) {
			url := dbtest.New(b, d)
			dbtest.Migrate(b, url)
			s := openStore(b, url)
			fillRuns(b, s, 100_000, 50)
			b.ResetTimer()
			for b.Loop() {
				if got, err := s.RunTotals(context.Background()); err != nil || len(got) != 50 {
					b.Fatalf("RunTotals = %d pipelines, %v", len(got), err)
				}
			}
		})
	}
}

// fillRuns inserts n finished runs spread over the given count of
// pipelines and the finished statuses.
func fillRuns(b *testing.B, s *repository.Store, n, pipelines int) {
	b.Helper()
	statuses := []string{models.RunSucceeded, models.RunSucceeded, models.RunSucceeded, models.RunFailed, models.RunCancelled}
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	runs := make([]models.LoadRun, n)
	for i := range runs {
		end := at.Add(time.Duration(i) * time.Minute)
		runs[i] = models.LoadRun{
			Pipeline: fmt.Sprintf("pipeline_%02d", i%pipelines), Status: statuses[i%len(statuses)],
			StartedAt: end.Add(-time.Second), FinishedAt: &end, RowsRead: 100, RowsLoaded: 95, RowsRejected: 3, RowsDropped: 2,
		}
	}
	err := s.Query(context.Background(), func(db *gorm.DB) error { return db.CreateInBatches(runs, 500).Error })
	if err != nil {
		b.Fatal(err)
	}
}
