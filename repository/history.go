package repository

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/models"
)

// RunFilter selects a page of runs, newest first.
type RunFilter struct {
	Pipeline string // "" for every pipeline
	Status   string // "" for every status
	// Before, when above 0, keeps the runs older than that run id: the
	// next page after one ending with run Before.
	Before int64
	Limit  int // at most this many; below 0: all
}

// RunsPage returns the runs f selects, newest first. Pages are taken by
// run id (keyset), so a page deep in a long history costs what the first
// does.
func (s *Store) RunsPage(ctx context.Context, f RunFilter) ([]models.LoadRun, error) {
	var runs []models.LoadRun
	err := s.query(ctx, func(db *gorm.DB) error {
		q := db.Order("id DESC").Limit(f.Limit)
		if f.Pipeline != "" {
			q = q.Where("pipeline = ?", f.Pipeline)
		}
		if f.Status != "" {
			q = q.Where("status = ?", f.Status)
		}
		if f.Before > 0 {
			q = q.Where("id < ?", f.Before)
		}
		return q.Find(&runs).Error
	})
	return runs, err
}

// LatestRun returns the pipeline's newest run with one of statuses (any
// status when none is given); found is false when there is none.
func (s *Store) LatestRun(ctx context.Context, pipeline string, statuses ...string) (run models.LoadRun, found bool, err error) {
	var runs []models.LoadRun
	err = s.query(ctx, func(db *gorm.DB) error {
		q := db.Where("pipeline = ?", pipeline).Order("id DESC").Limit(1)
		if len(statuses) > 0 {
			q = q.Where("status IN ?", statuses)
		}
		return q.Find(&runs).Error
	})
	if err != nil || len(runs) == 0 {
		return run, false, err
	}
	return runs[0], true, nil
}

// RejectFilter selects a page of a run's rejects, in source order.
type RejectFilter struct {
	RunID int64
	// Reason keeps the rejects whose reason contains it, ignoring case
	// (ASCII letters' case only on SQLite, whose LOWER folds no other;
	// "" keeps all).
	Reason string
	// After, when above 0, keeps the rejects after that reject id.
	After int64
	Limit int // at most this many; below 0: all
	// CountUpTo, when above 0, makes CountRejects stop counting there:
	// counting the rejects whose reason holds a text reads each of them.
	CountUpTo int64
}

// RejectsPage returns the rejects f selects, in source order (the order
// the run stored them).
func (s *Store) RejectsPage(ctx context.Context, f RejectFilter) ([]models.LoadReject, error) {
	var out []models.LoadReject
	err := s.query(ctx, func(db *gorm.DB) error {
		q, found, err := rejectsWhere(db, f)
		if err != nil || !found {
			return err
		}
		return q.Order("id").Limit(f.Limit).Find(&out).Error
	})
	return out, err
}

// CountRejects counts the rejects f selects, ignoring its page.
func (s *Store) CountRejects(ctx context.Context, f RejectFilter) (int64, error) {
	var n int64
	err := s.query(ctx, func(db *gorm.DB) error {
		f.After = 0
		q, found, err := rejectsWhere(db, f)
		if err != nil || !found {
			return err
		}
		if f.CountUpTo <= 0 {
			return q.Model(&models.LoadReject{}).Count(&n).Error
		}
		sub := q.Model(&models.LoadReject{}).Select("id").Limit(int(f.CountUpTo))
		return db.Raw("SELECT COUNT(*) FROM (?) capped", sub).Scan(&n).Error
	})
	return n, err
}

// rejectsWhere is the query of the rejects f selects; found is false when
// the run has none.
//
// The query is bounded by the ids of the run's first and last rejects
// (two lookups in the index on (load_run_id, id)). Without the bound, the
// databases take a run's rejects to be spread evenly over the table: for
// a run holding a fifth of them, PostgreSQL reads a page from the primary
// key in id order, filtering out every other run's rejects before the
// run's first; with a reason, whose LIKE '%…%' no database can estimate,
// it sorts all of the run's rejects for a page, and MariaDB counts them
// with a scan of the whole table. The bound gives each the run's own rows.
func rejectsWhere(db *gorm.DB, f RejectFilter) (q *gorm.DB, found bool, err error) {
	var span struct{ FirstID, LastID *int64 }
	if err := db.Model(&models.LoadReject{}).Select("MIN(id) AS first_id, MAX(id) AS last_id").
		Where("load_run_id = ?", f.RunID).Scan(&span).Error; err != nil {
		return nil, false, err
	}
	if span.FirstID == nil {
		return nil, false, nil
	}
	q = db.Where("load_run_id = ? AND id BETWEEN ? AND ?", f.RunID, *span.FirstID, *span.LastID)
	if f.Reason != "" {
		// Both sides folded by the database: SQLite folds ASCII only, so
		// an exact substring must match there too.
		q = q.Where("LOWER(reason) LIKE LOWER(?) ESCAPE '!'", "%"+likeEscaper.Replace(f.Reason)+"%")
	}
	if f.After > 0 {
		q = q.Where("id > ?", f.After)
	}
	return q, true, nil
}

// likeEscaper escapes LIKE's wildcards with '!', an escape character
// every supported database takes as it is in a string literal.
var likeEscaper = strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")
