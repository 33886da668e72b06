package etl_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

const hookToken = "hook-t0ken-secret"

// hookServer records the events posted to it and answers with status.
type hookServer struct {
	*httptest.Server
	mu     sync.Mutex
	events []etl.RunEvent
	auth   []string
	status int
}

func newHookServer(t *testing.T, status int) *hookServer {
	h := &hookServer{status: status}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var e etl.RunEvent
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &e)
		h.mu.Lock()
		h.events, h.auth = append(h.events, e), append(h.auth, r.Header.Get("Authorization"))
		h.mu.Unlock()
		w.WriteHeader(h.status)
		fmt.Fprintf(w, "refused %s", r.Header.Get("Authorization")) // a server quoting the token
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookServer) received() []etl.RunEvent {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]etl.RunEvent(nil), h.events...)
}

// hookYAML is a typed pipeline whose hooks post to ok and failing.
func hookYAML(ok, failing *hookServer) string {
	return fmt.Sprintf(typedYAML, "append") + fmt.Sprintf(`    on_success:
      - webhook: {url: "%s/first", auth: {bearer: "${TOKEN}"}, retry: {attempts: 1}}
      - webhook: {url: "%s/second", retry: {attempts: 1}}
    on_failure:
      - webhook: {url: "%s/failure", retry: {attempts: 1}}
`, failing.URL, ok.URL, ok.URL)
}

// hookPipeline builds the pipeline of hookYAML with ${TOKEN} set.
func (e *env) hookPipeline(yaml string, o spec.Options) *etl.Pipeline {
	e.t.Helper()
	f, err := spec.Load(e.file("pipelines.yaml", yaml), func(k string) string { return map[string]string{"TOKEN": hookToken}[k] })
	if err != nil {
		e.t.Fatal(err)
	}
	o.Targets = repository.NewTargets(e.store, models.All()...)
	p, closeFn, err := f.Build(context.Background(), "load", o)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(closeFn)
	return p
}

// A successful run fires on_success once, in order, with its counts; a
// failing hook is recorded on the run, redacted, and changes nothing else.
func TestHooksAfterASuccessfulRun(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		ok, failing := newHookServer(t, http.StatusNoContent), newHookServer(t, http.StatusInternalServerError)
		in := e.file("in.csv", header+"a,2024-01-01T00:00:00Z,1,5\nb,2024-01-01T00:00:00Z,1,n/a\nc,2024-01-01T00:00:00Z,1,700\n")
		res, err := e.run(e.hookPipeline(hookYAML(ok, failing), spec.Options{Input: in}))
		if err != nil || res.Status != etl.RunSucceeded {
			t.Fatalf("run: %+v, %v; want it to succeed whatever its hooks do", res, err)
		}
		got, failed := ok.received(), failing.received()
		if len(got) != 1 || len(failed) != 1 || failing.auth[0] != "Bearer "+hookToken {
			t.Fatalf("hooks received %+v and %+v (auth %q); want one event each", got, failed, failing.auth)
		}
		if ev := got[0]; ev.RunID != res.RunID || ev.Pipeline != "load" || ev.Status != etl.RunSucceeded ||
			ev.Read != 3 || ev.Loaded != 2 || ev.Rejected != 1 || ev.FinishedAt.Before(ev.StartedAt) || ev.StartedAt.IsZero() {
			t.Fatalf("event %+v", ev)
		}
		run, err := e.store.Run(context.Background(), res.RunID)
		if err != nil {
			t.Fatal(err)
		}
		want := "webhook " + failing.URL + "/first: POST " + failing.URL + "/first: 500 Internal Server Error: refused Bearer ***"
		if run.HookError == nil || *run.HookError != want || res.HookError != want {
			t.Fatalf("hook_error %v, Result.HookError %q; want %q", run.HookError, res.HookError, want)
		}
		if run.Status != models.RunSucceeded || run.Error != nil || run.RowsLoaded != 2 || e.count() != 2 {
			t.Fatalf("run %+v with %d rows: a failed hook changed the run", run, e.count())
		}
	})
}

// A failed run fires on_failure, with the run's error; a dry run fires
// nothing.
func TestHooksAfterAFailedRun(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ok := newHookServer(t, http.StatusOK)
	in := e.file("in.csv", header+"a,2024-01-01T00:00:00Z,1,n/a\n")
	p := e.hookPipeline(hookYAML(ok, ok), spec.Options{Input: in})
	if _, err := (&etl.Runner{Warehouse: repository.NewWarehouse(e.store)}).DryRun(context.Background(), p, 0); err == nil {
		t.Fatal("dry run of an all-rejected file succeeded")
	}
	if got := ok.received(); len(got) != 0 {
		t.Fatalf("a dry run fired %+v", got)
	}
	res, err := e.run(p)
	if err == nil {
		t.Fatal("a run that rejects every record succeeded")
	}
	got := ok.received()
	if len(got) != 1 || got[0].Status != etl.RunFailed || got[0].RunID != res.RunID || !strings.Contains(got[0].Error, "every record was rejected") {
		t.Fatalf("on_failure received %+v", got)
	}
	if res.HookError != "" {
		t.Fatalf("HookError %q", res.HookError)
	}
}

// A cancelled run fires on_failure, with the status cancelled, although
// its context is done.
func TestHooksAfterACancelledRun(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ok := newHookServer(t, http.StatusOK)
	in := e.file("in.csv", rows(50, func(int) bool { return false }))
	p := e.hookPipeline(hookYAML(ok, ok), spec.Options{Input: in, BatchSize: 5})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := &etl.Runner{Warehouse: repository.NewWarehouse(e.store), Progress: func(etl.Progress) { cancel() }}
	res, err := r.Run(ctx, p)
	if err == nil || res.Status != etl.RunCancelled {
		t.Fatalf("run %+v, %v; want it cancelled", res, err)
	}
	if got := ok.received(); len(got) != 1 || got[0].Status != etl.RunCancelled || got[0].Loaded != res.Loaded || got[0].Loaded == 0 {
		t.Fatalf("on_failure received %+v; want the cancelled run with %d loaded", got, res.Loaded)
	}
}
