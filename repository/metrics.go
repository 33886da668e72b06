package repository

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/models"
)

// PipelineTotals is what the recorded runs of one pipeline add up to.
type PipelineTotals struct {
	Pipeline string
	// Runs counts the pipeline's runs by status (models.RunRunning …).
	Runs map[string]int64
	// Read, Loaded, Rejected and Dropped sum the rows of all its runs.
	Read, Loaded, Rejected, Dropped int64
	// LastSuccess is when the latest succeeded run (the one started
	// last) finished; nil when none succeeded.
	LastSuccess *time.Time
}

// runGroup is one row of RunTotals' GROUP BY.
type runGroup struct {
	Pipeline, Status                                      string
	Runs, RowsRead, RowsLoaded, RowsRejected, RowsDropped int64
	LastID                                                int64
}

// RunTotals sums load_runs per pipeline, in pipeline order: one GROUP BY
// status and pipeline, and a look-up by primary key of each pipeline's
// latest succeeded run. Both run under ctx and the statement timeout (see
// Query). The sums read every run, so the GROUP BY is a full scan (a few
// tens of milliseconds for 100k runs); grouped by status first, SQLite
// scans the table instead of walking it in the order of the pipeline
// index, which takes twice as long.
func (s *Store) RunTotals(ctx context.Context) ([]PipelineTotals, error) {
	var groups []runGroup
	var last []models.LoadRun
	err := s.query(ctx, func(db *gorm.DB) error {
		err := db.Model(&models.LoadRun{}).
			Select("pipeline, status, COUNT(*) AS runs, SUM(rows_read) AS rows_read, SUM(rows_loaded) AS rows_loaded, " +
				"SUM(rows_rejected) AS rows_rejected, SUM(rows_dropped) AS rows_dropped, MAX(id) AS last_id").
			Group("status, pipeline").Scan(&groups).Error
		if ids := lastSucceeded(groups); err == nil && len(ids) > 0 {
			err = db.Select("id, pipeline, finished_at").Where("id IN ?", ids).Find(&last).Error
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("summing the runs in load_runs: %w", err)
	}
	return totals(groups, last), nil
}

// lastSucceeded returns the id of each pipeline's latest succeeded run.
func lastSucceeded(groups []runGroup) []int64 {
	var ids []int64
	for _, g := range groups {
		if g.Status == models.RunSucceeded {
			ids = append(ids, g.LastID)
		}
	}
	return ids
}

// totals folds the groups of each pipeline into its PipelineTotals, with
// the finish of its latest succeeded run (one of last).
func totals(groups []runGroup, last []models.LoadRun) []PipelineTotals {
	byName := map[string]*PipelineTotals{}
	for _, g := range groups {
		t := byName[g.Pipeline]
		if t == nil {
			t = &PipelineTotals{Pipeline: g.Pipeline, Runs: map[string]int64{}}
			byName[g.Pipeline] = t
		}
		t.Runs[g.Status] += g.Runs
		t.Read += g.RowsRead
		t.Loaded += g.RowsLoaded
		t.Rejected += g.RowsRejected
		t.Dropped += g.RowsDropped
	}
	for _, r := range last {
		if t := byName[r.Pipeline]; t != nil && r.FinishedAt != nil {
			at := r.FinishedAt.UTC()
			t.LastSuccess = &at
		}
	}
	out := make([]PipelineTotals, 0, len(byName))
	for _, t := range byName {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pipeline < out[j].Pipeline })
	return out
}
