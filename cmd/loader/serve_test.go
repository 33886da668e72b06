package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// lockedBuffer is a bytes.Buffer safe for a server writing while the test
// reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var servingLine = regexp.MustCompile(`serving on (http://\S+)/`)

// serving runs `loader serve args…` in-process on a free port; stop sends
// it the signal (cancels its context) and returns how it ended.
func serving(t *testing.T, env map[string]string, args ...string) (base string, stop func() result) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), &out, &errOut, func(k string) string { return env[k] })
	}()
	var once sync.Once
	var res result
	stop = func() result {
		once.Do(func() {
			cancel()
			select {
			case code := <-done:
				res = result{code, out.String(), errOut.String()}
			case <-time.After(20 * time.Second):
				t.Fatalf("loader serve did not stop within 20 s of its signal: %s", errOut.String())
			}
		})
		return res
	}
	t.Cleanup(func() { stop() })
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingLine.FindStringSubmatch(out.String()); m != nil {
			return m[1], stop
		}
		select {
		case code := <-done:
			t.Fatalf("loader serve exited %d: %s", code, errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("loader serve did not start: %s", errOut.String())
	return "", stop
}

func httpDo(t *testing.T, method, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 20 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// The API answers exactly what the CLI's --format json prints.
func TestServeAPIMatchesCLIJSON(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			url := dbtest.New(t, dialect)
			env := demoEnv(t, url)
			mustLoader(t, env, "run", "sales_ingest")
			mustLoader(t, env, "run", "sales_transform")
			base, stop := serving(t, env)
			var runs []models.LoadRun
			cli := mustLoader(t, env, "runs", "--format", "json").stdout
			if err := json.Unmarshal([]byte(cli), &runs); err != nil || len(runs) != 2 {
				t.Fatalf("loader runs: %v %s", err, cli)
			}
			id := runs[0].ID
			same := map[string][]string{
				"/api/runs":                                         {"runs", "--format", "json"},
				"/api/runs?pipeline=sales_ingest":                   {"runs", "--format", "json", "--pipeline", "sales_ingest"},
				"/api/runs?status=failed":                           {"runs", "--format", "json", "--status", "failed"},
				"/api/reports/sales":                                {"report", "sales", "--format", "json"},
				"/api/tables":                                       {"report", "tables", "--format", "json"},
				"/api/runs/" + itoa(id) + "/rejects":                {"rejects", itoa(id), "--format", "json"},
				"/api/runs/" + itoa(id) + "/rejects?reason=decimal": {"rejects", itoa(id), "--format", "json", "--reason", "decimal"},
			}
			for path, args := range same {
				code, body := httpDo(t, http.MethodGet, base+path)
				if code != http.StatusOK {
					t.Fatalf("GET %s: %d %s", path, code, body)
				}
				if want := mustLoader(t, env, args...).stdout; body != want {
					t.Errorf("GET %s differs from loader %s:\n%s\n---\n%s", path, strings.Join(args, " "), body, want)
				}
			}
			// Pipelines: the same but for the freshness, which ages between the two.
			fresh := regexp.MustCompile(`"freshness_seconds": \d+`)
			_, body := httpDo(t, http.MethodGet, base+"/api/pipelines")
			want := mustLoader(t, env, "pipelines", "--format", "json").stdout
			if fresh.ReplaceAllString(body, "F") != fresh.ReplaceAllString(want, "F") || !strings.Contains(body, `"name": "sales_transform"`) {
				t.Errorf("/api/pipelines differs from loader pipelines --format json:\n%s\n---\n%s", body, want)
			}
			if r := stop(); r.code != 0 {
				t.Fatalf("serve ended %d after its signal: %s", r.code, r.stderr)
			}
		})
	}
}

// Run now starts a real run; while another process holds the pipeline it
// answers 409 and records nothing; a signal cancels a run in progress,
// which is recorded cancelled.
func TestServeRunNowAndStop(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		dir := t.TempDir()
		var big strings.Builder
		big.WriteString("order_id,sold_at,customer,product,region,quantity,sales_amount\n")
		for i := range 200000 {
			big.WriteString("ORD-" + strconv.Itoa(i) + ",2024-01-02 10:00:00,C,Widget,East,1,10.00\n")
		}
		if err := os.WriteFile(filepath.Join(dir, "big.csv"), []byte(big.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		pf := filepath.Join(dir, "pipelines.yaml")
		body := "pipelines:\n  slow:\n    source: {csv: {path: big.csv}}\n    target: sales_data\n    batch_size: 200\n" +
			"  quick:\n    source: {csv: {path: " + filepath.ToSlash(mustAbs(t, "../../testdata/sales/sales.csv")) + "}}\n    target: sales_data\n"
		if err := os.WriteFile(pf, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		env["LOADER_PIPELINES"] = pf
		base, stop := serving(t, env, "--allow-run")

		holder, err := repository.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = holder.Close() }()
		release, err := holder.LockPipeline(context.Background(), "quick", false)
		if err != nil {
			t.Fatal(err)
		}
		if code, body := httpDo(t, http.MethodPost, base+"/api/pipelines/quick/run"); code != http.StatusConflict || !strings.Contains(body, "another process") {
			t.Errorf("run now while another process loads: %d %s", code, body)
		}
		release()
		if code, body := httpDo(t, http.MethodPost, base+"/api/pipelines/quick/run"); code != http.StatusAccepted {
			t.Fatalf("run now: %d %s", code, body)
		}
		waitRun(t, env, "quick", models.RunSucceeded)
		_, metricsText := httpDo(t, http.MethodGet, base+"/metrics")
		for _, want := range []string{
			`loader_rows_loaded_total{pipeline="quick"} 2000`,
			`loader_runs_total{pipeline="quick",status="succeeded"} 1`,
			`loader_run_duration_seconds_count{pipeline="quick",status="succeeded"} 1`,
			`loader_batch_commit_seconds_count{pipeline="quick"} 1`,
			"loader_warehouse_up 1",
		} {
			if !strings.Contains(metricsText, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}

		if code, body := httpDo(t, http.MethodPost, base+"/api/pipelines/slow/run"); code != http.StatusAccepted {
			t.Fatalf("run now slow: %d %s", code, body)
		}
		waitRun(t, env, "slow", models.RunRunning)
		if r := stop(); r.code != 0 {
			t.Fatalf("serve ended %d: %s", r.code, r.stderr)
		}
		runs := mustLoader(t, env, "runs", "--format", "json", "--pipeline", "slow").stdout
		var got []models.LoadRun
		if err := json.Unmarshal([]byte(runs), &got); err != nil || len(got) != 1 || got[0].Status != models.RunCancelled || got[0].RowsLoaded >= 200000 {
			t.Fatalf("the slow run after the signal: %v %s", err, runs)
		}
	})
}

// A non-loopback address without a token is refused before anything.
func TestServeRefusesOpenAddressWithoutToken(t *testing.T) {
	r := loader(t, map[string]string{"LOADER_DATABASE_URL": "sqlite://" + filepath.Join(t.TempDir(), "w.db")}, "serve", "--addr", "0.0.0.0:0")
	if r.code != exitUsage || !strings.Contains(errLine(t, r), "--auth-token") {
		t.Fatalf("%+v", r)
	}
}

func waitRun(t *testing.T, env map[string]string, pipeline, status string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var runs []models.LoadRun
		out := mustLoader(t, env, "runs", "--format", "json", "--pipeline", pipeline, "--limit", "1").stdout
		if json.Unmarshal([]byte(out), &runs) == nil && len(runs) == 1 && runs[0].Status == status && (status != models.RunRunning || runs[0].RowsLoaded > 0) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no %s run of %s within 30 s", status, pipeline)
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Two servers with the same schedule on one warehouse: every tick runs
// the pipeline once at most, never two runs at a time; the others are
// recorded skipped with their reason, and the rows land once.
func TestServeSchedulesAcrossInstances(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			env := demoEnv(t, dbtest.New(t, dialect))
			pf := filepath.Join(t.TempDir(), "pipelines.yaml")
			body := "pipelines:\n  ticked:\n    source: {csv: {path: " + filepath.ToSlash(mustAbs(t, "../../testdata/sales/sales.csv")) + "}}\n" +
				"    target: sales_data\n    schedule: \"*/1 * * * * *\"\n    retry: {attempts: 2, backoff: 1s}\n"
			if err := os.WriteFile(pf, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			env["LOADER_PIPELINES"] = pf
			base, stopA := serving(t, env)
			_, stopB := serving(t, env)
			var ps []struct {
				Name     string     `json:"name"`
				Schedule string     `json:"schedule"`
				NextRun  *time.Time `json:"next_run"`
			}
			_, page := httpDo(t, http.MethodGet, base+"/api/pipelines")
			if err := json.Unmarshal([]byte(page), &ps); err != nil || len(ps) != 1 || ps[0].Schedule != "*/1 * * * * *" || ps[0].NextRun == nil || time.Until(*ps[0].NextRun) > 2*time.Second {
				t.Fatalf("scheduled pipeline: %v %s", err, page)
			}
			time.Sleep(4500 * time.Millisecond)
			stopA()
			stopB()

			var runs []models.LoadRun
			out := mustLoader(t, env, "runs", "--format", "json", "--limit", "1000").stdout
			if err := json.Unmarshal([]byte(out), &runs); err != nil {
				t.Fatal(err)
			}
			var loaded, skipped []models.LoadRun
			for _, r := range runs {
				if r.Status == models.RunSkipped {
					skipped = append(skipped, r)
					if r.Error == nil || *r.Error == "" {
						t.Errorf("skipped run %d without a reason", r.ID)
					}
					continue
				}
				if r.Status != models.RunSucceeded {
					t.Errorf("run %d: %s %v", r.ID, r.Status, deref(r.Error))
				}
				loaded = append(loaded, r)
			}
			if len(loaded) < 2 || len(skipped) < 2 {
				t.Fatalf("%d runs and %d skips in 4.5 s of two servers ticking every second", len(loaded), len(skipped))
			}
			for i := 1; i < len(loaded); i++ { // newest first
				newer, older := loaded[i-1], loaded[i]
				if newer.StartedAt.Before(*older.FinishedAt) {
					t.Errorf("runs %d and %d overlap", older.ID, newer.ID)
				}
				if newer.StartedAt.Sub(older.StartedAt) < 500*time.Millisecond {
					t.Errorf("runs %d and %d ran for one tick", older.ID, newer.ID)
				}
			}
			var first, rows int
			for _, r := range loaded {
				rows += int(r.RowsLoaded)
				if r.RowsLoaded > 0 {
					first++
				}
			}
			if rows != 2000 || first != 1 {
				t.Errorf("%d rows loaded by %d runs, want 2000 by the first", rows, first)
			}
			reasons := map[string]int{}
			for _, r := range skipped {
				reasons[regexp.MustCompile(`\d+`).ReplaceAllString(deref(r.Error), "N")]++
			}
			t.Logf("%d runs, %d skipped: %v", len(loaded), len(skipped), reasons)
		})
	}
}

// A scheduled tick whose run cannot start (its file is missing) shows in
// the history as a failed run with why, each try of its retry too.
func TestServeScheduledRunThatCannotStartIsRecorded(t *testing.T) {
	env := demoEnv(t, dbtest.New(t, "sqlite"))
	pf := filepath.Join(t.TempDir(), "pipelines.yaml")
	body := "pipelines:\n  missing:\n    source: {csv: {path: nowhere/x.csv}}\n    target: sales_data\n" +
		"    schedule: \"*/1 * * * * *\"\n    retry: {attempts: 2, backoff: 100ms}\n"
	if err := os.WriteFile(pf, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	env["LOADER_PIPELINES"] = pf
	_, stop := serving(t, env)
	time.Sleep(2500 * time.Millisecond)
	stop()
	var runs []models.LoadRun
	if err := json.Unmarshal([]byte(mustLoader(t, env, "runs", "--format", "json", "--pipeline", "missing").stdout), &runs); err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, r := range runs {
		if r.Status == models.RunFailed && r.Error != nil && strings.Contains(*r.Error, "x.csv") {
			failed++
		}
	}
	if failed < 2 || failed != len(runs) {
		t.Fatalf("%d failed runs naming the file of %d: %+v", failed, len(runs), runs)
	}
}
