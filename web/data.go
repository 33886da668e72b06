package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/report"
	"github.com/warehouse-loader/loader/repository"
)

// Page sizes.
const (
	runsPerPage    = 50
	rejectsPerPage = 100
	maxPage        = 1000 // the most ?limit= may ask for
	// maxCount is where the count of a run's rejects matching a reason
	// filter stops (each must be read to match it).
	maxCount = 10000
)

// statuses are the run statuses the filters offer.
var statuses = models.RunStatuses

// errBadRequest marks a request's bad parameter (HTTP 400).
var errBadRequest = errors.New("bad request")

func badRequest(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errBadRequest, fmt.Sprintf(format, a...))
}

// status is the HTTP status for err.
func status(err error) int {
	switch {
	case errors.Is(err, errBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, repository.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, repository.ErrTimeout):
		return http.StatusGatewayTimeout
	}
	return http.StatusInternalServerError
}

// int64Param is the query parameter name as a number of at least 0 (0
// when absent).
func int64Param(q url.Values, name string) (int64, error) {
	v := q.Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, badRequest("?%s=%q: give a whole number of at least 0", name, v)
	}
	return n, nil
}

func limitParam(q url.Values, def int) (int, error) {
	n, err := int64Param(q, "limit")
	if err != nil || n == 0 {
		return def, err
	}
	if n > maxPage {
		return 0, badRequest("?limit=%d: give at most %d", n, maxPage)
	}
	return int(n), nil
}

func (s *Server) pipelines(ctx context.Context) ([]report.Pipeline, error) {
	ps, err := report.Pipelines(ctx, s.cfg.Store, s.cfg.File, s.cfg.Schedules, s.cfg.Now())
	for i := range ps {
		if ps[i].LastRun != nil {
			s.maskRun(ps[i].LastRun)
		}
	}
	return ps, err
}

// cut keeps the first limit of a page asked with one more; next is the id
// of the last kept when there was more, where the next page starts.
func cut[T any](page []T, limit int, id func(T) int64) (kept []T, next int64) {
	if len(page) <= limit {
		return page, 0
	}
	page = page[:limit]
	return page, id(page[len(page)-1])
}

// runsQuery is a page of the run history.
type runsQuery struct {
	Filter repository.RunFilter
	Runs   []models.LoadRun
	// Next is the run id the next (older) page starts before; 0 when
	// this is the last page.
	Next int64
}

func (s *Server) runs(ctx context.Context, q url.Values) (runsQuery, error) {
	var rq runsQuery
	var err error
	f := repository.RunFilter{Pipeline: q.Get("pipeline"), Status: q.Get("status")}
	if f.Status != "" && !slices.Contains(statuses, f.Status) {
		return rq, badRequest("?status=%q: give one of %v", f.Status, statuses)
	}
	if f.Before, err = int64Param(q, "before"); err != nil {
		return rq, err
	}
	if f.Limit, err = limitParam(q, runsPerPage); err != nil {
		return rq, err
	}
	rq.Filter = f
	f.Limit++ // one more: is there a next page?
	if rq.Runs, err = s.cfg.Store.RunsPage(ctx, f); err != nil {
		return rq, err
	}
	rq.Runs, rq.Next = cut(rq.Runs, rq.Filter.Limit, func(r models.LoadRun) int64 { return r.ID })
	s.maskRuns(rq.Runs)
	return rq, nil
}

// maskRuns masks secrets in the runs' errors.
func (s *Server) maskRuns(runs []models.LoadRun) {
	for i := range runs {
		s.maskRun(&runs[i])
	}
}

func (s *Server) maskRun(r *models.LoadRun) {
	for _, p := range []**string{&r.Error, &r.HookError} {
		if *p != nil {
			m := s.mask(**p)
			*p = &m
		}
	}
}

// rejectsQuery is a page of a run's rejects.
type rejectsQuery struct {
	Filter  repository.RejectFilter
	Rejects []report.Reject
	Total   int64 // how many the filter selects, on every page
	// Capped says Total stopped at maxCount: there are more.
	Capped bool
	Next   int64 // the reject id the next page starts after; 0 on the last
}

func (s *Server) rejects(ctx context.Context, runID int64, q url.Values) (rejectsQuery, error) {
	var rq rejectsQuery
	var err error
	f := repository.RejectFilter{RunID: runID, Reason: q.Get("reason")}
	if f.After, err = int64Param(q, "after"); err != nil {
		return rq, err
	}
	if f.Limit, err = limitParam(q, rejectsPerPage); err != nil {
		return rq, err
	}
	rq.Filter = f
	f.Limit++ // one more: is there a next page?
	stored, err := s.cfg.Store.RejectsPage(ctx, f)
	if err != nil {
		return rq, err
	}
	stored, rq.Next = cut(stored, rq.Filter.Limit, func(r models.LoadReject) int64 { return r.ID })
	rq.Rejects = report.RejectsOf(stored)
	if f.Reason != "" {
		f.CountUpTo = maxCount + 1
	}
	if rq.Total, err = s.cfg.Store.CountRejects(ctx, f); err != nil {
		return rq, err
	}
	if rq.Capped = rq.Total > maxCount; rq.Capped {
		rq.Total = maxCount
	}
	return rq, nil
}

func (s *Server) run(ctx context.Context, idText string) (models.LoadRun, error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return models.LoadRun{}, badRequest("run %q: give a run id, a whole number", idText)
	}
	run, err := s.cfg.Store.Run(ctx, id)
	s.maskRun(&run)
	return run, err
}

// tablesFor is how long the tables view's counts are reused: counting
// the rows and NULLs of every table reads them all (a million rejects
// take a few hundred milliseconds on PostgreSQL), so pages and scrapes
// in quick succession share one count.
const tablesFor = 30 * time.Second

// tables returns the tables view and when it was counted.
func (s *Server) tables(ctx context.Context) ([]report.Table, time.Time, error) {
	select { // one count at a time; the others wait for it, within their deadline
	case s.tables1 <- struct{}{}:
		defer func() { <-s.tables1 }()
	case <-ctx.Done():
		return nil, time.Time{}, ctx.Err()
	}
	now := s.cfg.Now()
	if s.tablesVal != nil && now.Sub(s.tablesAt) < tablesFor {
		return s.tablesVal, s.tablesAt, nil
	}
	ps, err := s.pipelines(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	ts, err := report.Tables(ctx, s.cfg.Store, s.cfg.Models, ps)
	if err != nil {
		return nil, time.Time{}, err
	}
	s.tablesVal, s.tablesAt = ts, now
	return ts, now, nil
}
