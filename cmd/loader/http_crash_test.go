//go:build unix

package main

import (
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/demoapi"
	"github.com/warehouse-loader/loader/models"
)

// TestHTTPSIGKILLAndRerunLoadsEveryRecordOnce reads 3000 orders in pages
// of 50 into batches of 20 (so kills land mid-page and between pages), in
// append mode with the incremental cursor and lag 0: no upsert absorbs a
// record read twice. The loader is killed (SIGKILL) at random moments 3 to
// 5 times, then run to the end: every order is in api_orders exactly once,
// nothing was rejected (a record read twice would be a duplicate key), the
// runs' rows_loaded add up to 3000, and a rerun loads nothing.
// LOADER_TEST_SEED replays the kill moments of a failed run.
func TestHTTPSIGKILLAndRerunLoadsEveryRecordOnce(t *testing.T) {
	const records = 3000
	bin := loaderBinary(t)
	seed := testSeed(t)
	args := []string{"run", "orders_api"}
	dbtest.Each(t, func(t *testing.T, urlA string) {
		api := serveAPI(t, demoapi.Config{Records: records, PageSize: 50, Delay: 5 * time.Millisecond})
		dir := apiPipeline{url: api.url(), batch: 20}.file(t)
		urlB := dbtest.New(t, dialectOf(urlA))
		envA, envB := fileEnv(t, urlA, dir), fileEnv(t, urlB, dir)
		full := timedRun(t, bin, envA, args...)
		want := wantOrderIDs(api.API)
		sameRows(t, "api_orders of the uninterrupted run", want, apiOrderIDs(t, urlA))

		b := openStore(t, urlB)
		rng := rand.New(rand.NewPCG(seed, uint64(len(dialectOf(urlA)))))
		k := killer{t: t, rng: rng, bin: bin, env: envB, store: b, total: records}
		k.killThenFinish("orders_api", full, args)
		sameRows(t, "api_orders after the kills", want, apiOrderIDs(t, urlB))
		checkInterruptedRuns(t, b, "orders_api")
		if n := count(t, b, "SELECT COUNT(*) FROM load_rejects"); n != 0 {
			t.Fatalf("%d rejects: a record was read twice", n)
		}
		if n := count(t, b, "SELECT SUM(rows_loaded) FROM load_runs WHERE pipeline = 'orders_api'"); n != records {
			t.Fatalf("the runs loaded %d rows in all, want %d", n, records)
		}
		r := mustRun(t, bin, envB, args...)
		if !strings.Contains(r.stdout, "0 loaded") {
			t.Fatalf("a rerun after the end: %q, want 0 loaded", r.stdout)
		}
		sameRows(t, "api_orders after a rerun", want, apiOrderIDs(t, urlB))
	})
}

// TestHTTPSIGINTDuringASlowAPI signals a run while the API takes 2 s per
// page: the command ends within a few seconds (not after the page), with
// one error line, exit code 1 and the run marked cancelled.
func TestHTTPSIGINTDuringASlowAPI(t *testing.T) {
	bin := loaderBinary(t)
	dbtest.Each(t, func(t *testing.T, url string) {
		api := serveAPI(t, demoapi.Config{Records: 200, PageSize: 10, Delay: 2 * time.Second})
		env := fileEnv(t, url, apiPipeline{url: api.url(), batch: 10}.file(t))
		p := startLoader(t, bin, env, "run", "orders_api")
		for api.requests.Load() < 2 { // the second page is being served, slowly
			if p.exited() {
				r := p.wait()
				t.Fatalf("the run ended before the signal: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			time.Sleep(10 * time.Millisecond)
		}
		start := time.Now()
		if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		r := waitWithin(t, p, 8*time.Second)
		if r.code != 1 || !strings.Contains(errLine(t, r), "cancelled") {
			t.Fatalf("exit %d after SIGINT, want 1 and cancelled\n%s", r.code, r.stderr)
		}
		t.Logf("ended %v after SIGINT: %s", time.Since(start).Round(time.Millisecond), errLine(t, r))
		runs, err := openStore(t, url).Runs(t.Context(), "orders_api", 10)
		if err != nil || len(runs) != 1 || runs[0].Status != models.RunCancelled {
			t.Fatalf("want one cancelled run, got %s (%v)", describeRuns(runs), err)
		}
	})
}
