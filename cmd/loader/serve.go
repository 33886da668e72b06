package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/metrics"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/report"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/schedule"
	"github.com/warehouse-loader/loader/web"
)

type serveFlags struct {
	addr, file, authToken string
	allowRun              bool
}

// serveConns is the pool of `loader serve`: pages and the API share it
// with the runs it starts.
const serveConns = 16

// shutdownGrace bounds how long requests in flight may take to finish
// once the server is told to stop.
const shutdownGrace = 5 * time.Second

func (a *app) serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the dashboard, the JSON API, /metrics, and run the pipelines' schedules",
		Long: `Serve the dashboard (pipelines, run history, rejects, reports), the JSON API
under /api/ (the shapes of --format json), Prometheus metrics at /metrics,
/healthz (the process is up) and /readyz (the warehouse answers and its
schema is current), and run each pipeline's schedule: from the pipeline file.

It listens on 127.0.0.1:8080 unless --addr says otherwise. With
--auth-token (or $LOADER_AUTH_TOKEN) every request but /healthz needs the
token, as a bearer token or as the basic-auth password. --allow-run adds a
"run now" button per pipeline (and POST /api/pipelines/NAME/run).

SIGINT or SIGTERM stops it: runs in progress stop at their next batch and
are recorded cancelled, like loader run.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port); a host other than loopback needs --auth-token")
	fl.StringVar(&f.file, "file", "", "pipeline file (default $LOADER_PIPELINES, else "+defaultPipelines+")")
	fl.StringVar(&f.authToken, "auth-token", "", "require this token on every request but /healthz (default $LOADER_AUTH_TOKEN)")
	fl.BoolVar(&f.allowRun, "allow-run", false, `show a "run now" button per pipeline and accept POST /api/pipelines/NAME/run`)
	return cmd
}

func (a *app) serve(ctx context.Context, f serveFlags) error {
	token := f.authToken
	if token == "" {
		token = a.getenv("LOADER_AUTH_TOKEN")
	}
	if err := checkServeAddr(f.addr, token); err != nil {
		return err
	}
	store, err := a.openStore(ctx, repository.WithMaxConns(serveConns))
	if err != nil {
		return err
	}
	sf, err := a.loadPipelines(f.file)
	if err != nil {
		return err
	}
	u, err := a.databaseURL()
	if err != nil {
		return err
	}
	m := metrics.New(store, metrics.WithLogger(a.log))
	runs := &serveRuns{app: a, store: store, file: sf, ctx: ctx, metrics: m}
	cfg := web.Config{
		Store: store, File: sf, Models: models.All(), AuthToken: token, Secrets: u.Secrets(), Log: a.log,
		Ready:   func(ctx context.Context) error { return requireCurrentSchema(ctx, store) },
		Metrics: m.Handler(),
	}
	if f.allowRun {
		cfg.Run = runs.start
	}
	sched, err := runs.scheduler()
	if err != nil {
		return err
	}
	cfg.Schedules = scheduleOf(sf, func(j schedule.Job) time.Time {
		next, _ := sched.Next(j.Pipeline) // gocron's, once ticking
		return next
	})
	srv, err := web.New(cfg)
	if err != nil {
		return err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", f.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w; choose another --addr", f.addr, err)
	}
	sched.Start(ctx)
	fmt.Fprintf(a.stdout, "serving on http://%s/\n", ln.Addr())
	a.log.Info("serving", "addr", ln.Addr().String(), "pipelines", len(sf.Pipelines), "scheduled", len(sched.Jobs()), "allow_run", f.allowRun, "auth", token != "")
	err = a.serveUntilDone(ctx, web.HTTPServer(f.addr, srv.Handler(), a.log), ln)
	if serr := sched.Stop(context.WithoutCancel(ctx)); serr != nil {
		a.log.Warn("stopping the schedules", "error", serr)
	}
	runs.wait()
	return err
}

// serveUntilDone serves hs on ln until ctx is cancelled (then lets the
// requests in flight finish, within shutdownGrace) or serving fails.
func (a *app) serveUntilDone(ctx context.Context, hs *http.Server, ln net.Listener) error {
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	var err error
	select {
	case err = <-served:
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	if serr := hs.Shutdown(shut); serr != nil {
		a.log.Warn("stopping the server", "error", serr)
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// checkServeAddr refuses an address that is not host:port, and one
// reachable from other machines without a token.
func checkServeAddr(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %q: give host:port, e.g. 127.0.0.1:8080", addr)
	}
	if token != "" || host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return usagef("--addr %s is reachable from other machines: set --auth-token or $LOADER_AUTH_TOKEN, or listen on 127.0.0.1", addr)
}

// serveRuns runs pipelines for the server (run now, schedules) under the
// server's context: a stopping server cancels them, and they are
// recorded cancelled.
type serveRuns struct {
	app     *app
	store   *repository.Store
	file    *spec.File
	ctx     context.Context //nolint:containedctx // the server's lifetime: runs outlive the request that started them
	metrics *metrics.Metrics
	wg      sync.WaitGroup
}

// start starts a run of name in the background and returns once it holds
// the pipeline's lock, or with the error that kept it from starting (see
// web.RunFunc).
func (s *serveRuns) start(req context.Context, name string) error {
	started := make(chan error, 1)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_, err := s.run(s.ctx, name, func(context.Context) error {
			select {
			case started <- nil:
			default:
			}
			return nil
		})
		select {
		case started <- err: // it ended before holding the lock
		default:
		}
	}()
	select {
	case err := <-started:
		return err
	case <-req.Done():
		return req.Err()
	}
}

// run runs pipeline name to its end; held, when set, is called once the
// run holds the pipeline's lock and the schema is current: its error ends
// the run before it is recorded.
func (s *serveRuns) run(ctx context.Context, name string, held func(context.Context) error) (runID int64, err error) {
	log := s.app.log.With("pipeline", name)
	r, p, closeSrc, err := s.app.prepareRun(ctx, s.store, s.file, name, runFlags{workers: 1})
	if err != nil {
		log.Error("run could not start", "error", s.file.Mask(err.Error()))
		return 0, err
	}
	defer closeSrc()
	ready := r.Ready
	r.Ready = func(ctx context.Context) error {
		if err := ready(ctx); err != nil {
			return err
		}
		if held != nil {
			return held(ctx)
		}
		return nil
	}
	s.metrics.Observe(r)
	res, err := r.Run(ctx, p)
	s.metrics.RunDone(name, res.Status, res.Duration)
	attrs := []any{"run", res.RunID, "status", res.Status, "read", res.Read, "loaded", res.Loaded, "rejected", res.Rejected, "duration", res.Duration.Round(time.Millisecond)}
	if err != nil {
		log.Warn("run ended", append(attrs, "error", s.file.Mask(err.Error()))...)
	} else {
		log.Info("run ended", attrs...)
	}
	return res.RunID, err
}

// scheduler runs the pipeline file's schedules through scheduled,
// recording each skipped tick as a run.
func (s *serveRuns) scheduler() (*schedule.Scheduler, error) {
	return schedule.New(s.file.Schedules(), s.scheduled, func(ctx context.Context, name, reason string) error {
		_, err := s.store.RecordSkipped(ctx, name, reason)
		return err
	}, s.app.log)
}

// sameTick is how close to a tick another process's run must have started
// to count as that tick's run (the processes' clocks differ a little).
const sameTick = 500 * time.Millisecond

// scheduled is the schedule's run of name (see schedule.RunFunc). A tick's
// first try gives way when another process holds the pipeline, or already
// ran it for this tick (two loader serve with the same schedules): both
// are skips, recorded. Its error is masked: the scheduler logs it.
func (s *serveRuns) scheduled(ctx context.Context, name string, attempt int) error {
	tick := time.Now()
	runID, err := s.run(ctx, name, func(ctx context.Context) error {
		if attempt > 1 {
			return nil
		}
		last, found, err := s.store.LatestRun(ctx, name, report.Ran...)
		if err != nil || !found || last.StartedAt.Before(tick.Add(-sameTick)) {
			return err
		}
		return schedule.Busy(fmt.Sprintf("run %d of the pipeline started at %s, for this tick, in another process", last.ID, last.StartedAt.UTC().Format(time.RFC3339Nano)))
	})
	switch {
	case err == nil, errors.Is(err, schedule.ErrBusy):
		return err
	case errors.Is(err, etl.ErrAlreadyRunning):
		return fmt.Errorf("%w: %s", schedule.ErrBusy, s.file.Mask(err.Error()))
	}
	msg := s.file.Mask(err.Error())
	if runID == 0 && ctx.Err() == nil { // it failed before its run was recorded: record it
		if _, rerr := s.store.RecordNotStarted(ctx, name, msg); rerr != nil {
			s.app.log.Error("schedule: recording a run that could not start", "pipeline", name, "error", rerr)
		}
	}
	return errors.New(msg)
}

// wait waits for the runs in progress to end.
func (s *serveRuns) wait() { s.wg.Wait() }

// scheduleOf tells the schedules of sf's pipelines, and when each is next
// due by next.
func scheduleOf(sf *spec.File, next func(schedule.Job) time.Time) report.ScheduleOf {
	return func(name string) (string, time.Time, bool) {
		j, ok := sf.Schedule(name)
		if !ok {
			return "", time.Time{}, false
		}
		return j.Spec.String(), next(j), true
	}
}

// nextFromNow is when a job is next due after now.
func nextFromNow(j schedule.Job) time.Time { return j.Spec.Next(time.Now()) }
