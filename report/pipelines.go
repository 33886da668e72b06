package report

import (
	"context"
	"fmt"
	"time"

	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// Pipeline is a pipeline of the pipeline file with its latest runs, as
// `loader pipelines`, /api/pipelines and the dashboard show it.
type Pipeline struct {
	spec.Description
	// Schedule is the pipeline's schedule: when `loader serve` runs it
	// ("" when it has none), and NextRun the next time it is due.
	Schedule string     `json:"schedule,omitempty"`
	NextRun  *time.Time `json:"next_run,omitempty"`
	// LastRun is the pipeline's newest run that ran (a skipped tick is
	// not one).
	LastRun *models.LoadRun `json:"last_run"`
	// LastSuccessAt is when its newest succeeded run finished, and
	// FreshnessSeconds how long ago that was: the age of its data.
	LastSuccessAt    *time.Time `json:"last_success_at"`
	FreshnessSeconds *int64     `json:"freshness_seconds"`
}

// Ran are the statuses of runs that ran: every one but skipped.
var Ran = []string{models.RunRunning, models.RunSucceeded, models.RunFailed, models.RunCancelled}

// ScheduleOf tells a pipeline's schedule and when it is next due; ok is
// false for a pipeline without one.
type ScheduleOf func(pipeline string) (schedule string, next time.Time, ok bool)

// Pipelines describes every pipeline of f, in name order, with its runs
// as of now; schedules may be nil.
func Pipelines(ctx context.Context, store *repository.Store, f *spec.File, schedules ScheduleOf, now time.Time) ([]Pipeline, error) {
	names := f.Names()
	out := make([]Pipeline, 0, len(names))
	for _, name := range names {
		d, _ := f.Describe(name)
		p := Pipeline{Description: d}
		if schedules != nil {
			if expr, next, ok := schedules(name); ok {
				p.Schedule = expr
				if !next.IsZero() {
					next = next.UTC()
					p.NextRun = &next
				}
			}
		}
		last, found, err := store.LatestRun(ctx, name, Ran...)
		if err != nil {
			return nil, fmt.Errorf("the runs of %s: %w", name, err)
		}
		if found {
			p.LastRun = &last
		}
		ok, found, err := store.LatestRun(ctx, name, models.RunSucceeded)
		if err != nil {
			return nil, fmt.Errorf("the runs of %s: %w", name, err)
		}
		if found && ok.FinishedAt != nil {
			at := ok.FinishedAt.UTC()
			age := int64(max(0, now.Sub(at).Seconds()))
			p.LastSuccessAt, p.FreshnessSeconds = &at, &age
		}
		out = append(out, p)
	}
	return out, nil
}
