package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/report"
)

// The pages, by template name.
const (
	pagePipelines = "pipelines"
	pageRuns      = "runs"
	pageRun       = "run"
	pageReports   = "reports"
	pageError     = "error"
)

// page is what every page's layout needs.
type page struct {
	Title    string
	Nav      string // the nav entry to highlight
	AllowRun bool
	Now      time.Time
	Data     any
}

// render executes the page template into a buffer first, so a failure
// half-way answers an error page and not half a page.
func (s *Server) render(w http.ResponseWriter, name string, p page) {
	p.AllowRun = s.cfg.Run != nil
	p.Now = s.cfg.Now().UTC()
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		s.cfg.Log.Error("rendering a page", "page", name, "error", err)
		http.Error(w, "could not render the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = buf.WriteTo(w)
}

// fail answers an error page with err's status and masked text.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code >= 500 {
		s.cfg.Log.Error("page request failed", "path", r.URL.Path, "error", s.safe(err))
	}
	w.WriteHeader(code)
	s.render(w, pageError, page{Title: http.StatusText(code), Data: s.safe(err)})
}

func (s *Server) pipelinesPage(w http.ResponseWriter, r *http.Request) {
	ps, err := s.pipelines(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, pagePipelines, page{Title: "Pipelines", Nav: pagePipelines, Data: struct {
		Pipelines []report.Pipeline
		Message   string
	}{ps, s.outcome(r.URL.Query())}})
}

func (s *Server) runsPage(w http.ResponseWriter, r *http.Request) {
	rq, err := s.runs(r.Context(), r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, pageRuns, page{Title: "Runs", Nav: pageRuns, Data: struct {
		runsQuery
		Pipelines []string
		Statuses  []string
	}{rq, s.cfg.File.Names(), statuses}})
}

func (s *Server) runPage(w http.ResponseWriter, r *http.Request) {
	run, err := s.run(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rq, err := s.rejects(r.Context(), run.ID, r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, pageRun, page{Title: fmt.Sprintf("Run %d", run.ID), Nav: pageRuns, Data: struct {
		Run models.LoadRun
		rejectsQuery
	}{run, rq}})
}

func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) {
	stats, err := report.Sales(r.Context(), s.cfg.Store)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tables, at, err := s.tables(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, pageReports, page{Title: "Reports", Nav: pageReports, Data: struct {
		Sales     []report.CategoryStats
		Tables    []report.Table
		CountedAt time.Time
	}{stats, tables, at}})
}

// runNowForm is the "run now" button: it starts the run and goes back to
// the pipelines page, which says what happened (see outcome).
func (s *Server) runNowForm(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	code, err := s.runNow(r, name)
	how := "started"
	switch {
	case code == http.StatusConflict:
		how = "busy"
	case code == http.StatusForbidden:
		how = "off"
	case err != nil:
		s.cfg.Log.Error("run now failed", "pipeline", name, "error", s.safe(err))
		how = "failed"
	}
	http.Redirect(w, r, "/?"+url.Values{how: {name}}.Encode(), http.StatusSeeOther)
}

// outcomes are what the pipelines page says after "run now", by the
// query parameter the redirect sets to the pipeline's name. The text is
// the server's: a link cannot put words of its own on the page.
var outcomes = []struct{ param, text string }{
	{"started", "%s started; it appears in the runs as it loads"},
	{"busy", "%s is being loaded by another process; try again when that run ends"},
	{"failed", "%s could not start; the server's log says why"},
	{"off", "running pipelines from the server is off: start it with `loader serve --allow-run`"},
}

// outcome is the message of a "run now" redirect, for a pipeline of the
// file only; "" otherwise.
func (s *Server) outcome(q url.Values) string {
	for _, o := range outcomes {
		if name := q.Get(o.param); name != "" {
			if _, ok := s.cfg.File.Pipelines[name]; ok {
				return strings.Replace(o.text, "%s", name, 1)
			}
		}
	}
	return ""
}

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	"ts": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return v.UTC().Format("2006-01-02 15:04:05Z")
		case *time.Time:
			if v != nil {
				return v.UTC().Format("2006-01-02 15:04:05Z")
			}
		}
		return ""
	},
	"age": age,
	"fieldText": func(f report.Field) string { // a NULL shows as NULL
		if v, ok := f.Text(); ok {
			return v
		}
		return "NULL"
	},
	"duration": runDuration,
	"deref": func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	},
	"query": func(pairs ...any) string { // query "k" v "k2" v2 …: "?k=v&…", empty values left out
		q := url.Values{}
		for i := 0; i+1 < len(pairs); i += 2 {
			if v := fmt.Sprint(pairs[i+1]); v != "" {
				q.Set(fmt.Sprint(pairs[i]), v)
			}
		}
		if len(q) == 0 {
			return "?"
		}
		return "?" + q.Encode()
	},
}

// age is how long ago seconds was, in its largest unit.
func age(seconds *int64) string {
	if seconds == nil {
		return "never"
	}
	d := time.Duration(*seconds) * time.Second
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", *seconds)
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh %dm ago", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}

// runDuration is how long a finished run took ("" while it runs).
func runDuration(r models.LoadRun) string {
	if r.FinishedAt == nil {
		return ""
	}
	return r.FinishedAt.Sub(r.StartedAt).Round(time.Millisecond).String()
}
