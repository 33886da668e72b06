// Package web serves the loader's dashboard, its JSON API, its metrics
// and its health checks over HTTP: what `loader serve` runs. Pages are
// server-rendered with html/template; the only JavaScript is the
// dashboard's own small script and Chart.js, vendored from npm and
// embedded in the binary, so the dashboard works offline.
//
// The API (/api/…) returns the same shapes as the CLI's --format json:
// runs as `loader runs`, rejects as `loader rejects`, the sales report as
// `loader report sales`, pipelines as `loader pipelines`, tables as
// `loader report tables`.
package web

import (
	"context"
	"crypto/subtle"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/report"
	"github.com/warehouse-loader/loader/repository"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// RunFunc starts a run of pipeline in the background, for the "run now"
// button and POST /api/pipelines/{name}/run. It returns once the run
// holds the pipeline's lock (its row is then about to appear in the
// history), or with the error that kept it from starting: one wrapping
// etl.ErrAlreadyRunning when another run of the pipeline is going.
type RunFunc func(ctx context.Context, pipeline string) error

// Config is what a Server shows and does.
type Config struct {
	Store *repository.Store
	File  *spec.File // the pipeline file
	// Models are the models whose tables the tables view shows.
	Models []any
	// Schedules, when set, tells each pipeline's schedule and next run.
	Schedules report.ScheduleOf
	// Run, when set, enables "run now" (loader serve --allow-run).
	Run RunFunc
	// Metrics is served at /metrics when set.
	Metrics http.Handler
	// Ready is /readyz's check: the warehouse answers and its schema is
	// current.
	Ready func(context.Context) error
	// AuthToken, when set, is required on every request but /healthz:
	// as a bearer token (Authorization: Bearer …) or as the password of
	// HTTP basic auth (any user name), which browsers ask for.
	AuthToken string
	// Secrets are texts no page or response may show (the warehouse's
	// password, the auth token), besides the pipeline file's ${NAME}
	// values.
	Secrets []string
	Log     *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// RequestTimeout bounds every request, its queries included
	// (default 15 s).
	RequestTimeout time.Duration
}

// Server serves the dashboard, the API, /metrics, /healthz and /readyz.
type Server struct {
	cfg   Config
	pages map[string]*template.Template
	mux   *http.ServeMux

	secrets []string // Config.Secrets and the auth token

	tables1   chan struct{} // held while the tables view is counted
	tablesAt  time.Time     // when tablesVal was counted
	tablesVal []report.Table
}

// New checks cfg and parses the templates.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.File == nil {
		return nil, errors.New("web: a store and a pipeline file are required")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 15 * time.Second
	}
	s := &Server{cfg: cfg, pages: map[string]*template.Template{}, mux: http.NewServeMux(), tables1: make(chan struct{}, 1)}
	s.secrets = slices.Concat(cfg.Secrets, []string{cfg.AuthToken})
	for _, name := range []string{pagePipelines, pageRuns, pageRun, pageReports, pageError} {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(time.Hour, http.FileServerFS(static))))
	s.mux.HandleFunc("GET /{$}", s.pipelinesPage)
	s.mux.HandleFunc("GET /runs", s.runsPage)
	s.mux.HandleFunc("GET /runs/{id}", s.runPage)
	s.mux.HandleFunc("GET /reports", s.reportsPage)
	s.mux.HandleFunc("POST /pipelines/{name}/run", s.runNowForm)

	s.mux.HandleFunc("GET /api/pipelines", s.apiPipelines)
	s.mux.HandleFunc("GET /api/runs", s.apiRuns)
	s.mux.HandleFunc("GET /api/runs/{id}", s.apiRun)
	s.mux.HandleFunc("GET /api/runs/{id}/rejects", s.apiRejects)
	s.mux.HandleFunc("GET /api/reports/sales", s.apiSales)
	s.mux.HandleFunc("GET /api/tables", s.apiTables)
	s.mux.HandleFunc("POST /api/pipelines/{name}/run", s.apiRunNow)

	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	s.mux.HandleFunc("GET /readyz", s.readyz)
	if s.cfg.Metrics != nil {
		s.mux.Handle("GET /metrics", s.cfg.Metrics)
	}
}

// Handler is the server's handler: security headers on every response,
// authentication on all but /healthz, cross-origin POSTs refused, and a
// deadline on every request.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deny(w, r, http.StatusForbidden, "cross-origin request refused: post from the dashboard's own pages")
	}))
	h = cop.Handler(h)
	h = s.authenticate(h)
	h = s.deadline(h)
	return headers(h)
}

// HTTPServer is an http.Server for h at addr with timeouts set, so that
// no client can hold a connection or a handler forever.
func HTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// headers sets the security headers: no script, style or image from
// anywhere but the server itself, no framing, no sniffing, no referrer.
func headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			hd.Set("Cache-Control", "no-store")
		}
		h.ServeHTTP(w, r)
	})
}

func cacheFor(d time.Duration, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(d.Seconds())))
		h.ServeHTTP(w, r)
	})
}

// deadline bounds each request's context: every query it makes ends by
// then.
func (s *Server) deadline(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authenticate requires AuthToken, when set, on every path but /healthz.
func (s *Server) authenticate(h http.Handler) http.Handler {
	if s.cfg.AuthToken == "" {
		return h
	}
	want := []byte(s.cfg.AuthToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			h.ServeHTTP(w, r)
			return
		}
		var got string
		if scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") {
			got = strings.TrimSpace(token)
		} else if _, pass, ok := r.BasicAuth(); ok {
			got = pass
		}
		if subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="loader", charset="UTF-8"`)
			deny(w, r, http.StatusUnauthorized, "unauthorized: give the token of loader serve --auth-token as a bearer token or as the basic-auth password")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// deny answers code with msg: as {"error": msg} under /api/, as text
// elsewhere.
func deny(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, code, map[string]string{"error": msg})
		return
	}
	http.Error(w, msg, code)
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if s.cfg.Ready != nil {
		if err := s.cfg.Ready(r.Context()); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = fmt.Fprintf(w, "not ready: %s\n", s.safe(err))
			return
		}
	}
	_, _ = w.Write([]byte("ready\n"))
}

// safe is err's text with every value taken from the environment (perhaps
// a secret) masked.
func (s *Server) safe(err error) string {
	return s.mask(err.Error())
}

// mask is text with every secret masked.
func (s *Server) mask(text string) string {
	return etl.Mask(s.cfg.File.Mask(text), s.secrets)
}
