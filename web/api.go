package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/report"
)

// writeJSON writes v indented, as the CLI's --format json does; an empty
// list is [] (never null).
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = report.WriteJSON(w, v) // an error is the client gone: nothing left to tell it
}

// apiError answers {"error": "…"} with err's status, its text masked.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code >= 500 {
		s.cfg.Log.Error("api request failed", "path", r.URL.Path, "error", s.safe(err))
	}
	writeJSON(w, code, map[string]string{"error": s.safe(err)})
}

// nextLink sets the Link header of a page that has a next one.
func nextLink(w http.ResponseWriter, r *http.Request, param string, next int64) {
	if next == 0 {
		return
	}
	q := r.URL.Query()
	q.Set(param, fmt.Sprint(next))
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", u.String()))
}

func (s *Server) apiPipelines(w http.ResponseWriter, r *http.Request) {
	ps, err := s.pipelines(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ps)
}

func (s *Server) apiRuns(w http.ResponseWriter, r *http.Request) {
	rq, err := s.runs(r.Context(), r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	nextLink(w, r, "before", rq.Next)
	writeJSON(w, http.StatusOK, rq.Runs)
}

func (s *Server) apiRun(w http.ResponseWriter, r *http.Request) {
	run, err := s.run(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, run)
}

func (s *Server) apiRejects(w http.ResponseWriter, r *http.Request) {
	run, err := s.run(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	rq, err := s.rejects(r.Context(), run.ID, r.URL.Query())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if rq.Capped {
		w.Header().Set("X-Total-Count-Capped", fmt.Sprint(rq.Total)) // at least this many
	} else {
		w.Header().Set("X-Total-Count", fmt.Sprint(rq.Total))
	}
	nextLink(w, r, "after", rq.Next)
	writeJSON(w, http.StatusOK, rq.Rejects)
}

func (s *Server) apiSales(w http.ResponseWriter, r *http.Request) {
	stats, err := report.Sales(r.Context(), s.cfg.Store)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, stats)
}

func (s *Server) apiTables(w http.ResponseWriter, r *http.Request) {
	ts, at, err := s.tables(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Last-Modified", at.UTC().Format(http.TimeFormat))
	writeJSON(w, http.StatusOK, ts)
}

// errRunNowOff is the answer to "run now" without --allow-run.
var errRunNowOff = errors.New("running pipelines from the server is off: start it with `loader serve --allow-run`")

// runNow starts pipeline (see RunFunc); the status says how it went.
func (s *Server) runNow(r *http.Request, name string) (int, error) {
	if s.cfg.Run == nil {
		return http.StatusForbidden, errRunNowOff
	}
	if _, ok := s.cfg.File.Pipelines[name]; !ok {
		return http.StatusNotFound, fmt.Errorf("no pipeline %q in %s", name, s.cfg.File.Path)
	}
	if err := s.cfg.Run(r.Context(), name); err != nil {
		if errors.Is(err, etl.ErrAlreadyRunning) {
			return http.StatusConflict, err
		}
		return http.StatusInternalServerError, err
	}
	s.cfg.Log.Info("run started from the server", "pipeline", name, "remote", r.RemoteAddr)
	return http.StatusAccepted, nil
}

func (s *Server) apiRunNow(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	code, err := s.runNow(r, name)
	if err != nil {
		writeJSON(w, code, map[string]string{"error": s.safe(err)})
		return
	}
	writeJSON(w, code, map[string]string{"pipeline": name, "status": "started", "runs_url": "/api/runs?pipeline=" + url.QueryEscape(name)})
}
