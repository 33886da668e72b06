package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// TestResetStartsThePipelineOver: reset removes the checkpoint (the next
// run reads from the first record again), --truncate also empties the
// target, the runs history stays, and a reset is refused while a run of
// the pipeline holds its lock.
func TestResetStartsThePipelineOver(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		s := openStore(t, url)
		path := filepath.Join(t.TempDir(), "sales.csv")
		writeSales(t, path, 300)
		if r := mustLoader(t, env, "reset", "sales_ingest"); r.stdout != "reset sales_ingest: no checkpoint to remove\nnote: sales_ingest appends, so its next run adds every record again next to the rows sales_data holds; reset with --truncate to empty it first\n" {
			t.Fatalf("reset before any run: %q", r.stdout)
		}
		mustLoader(t, env, "run", "sales_ingest", "--input", path)
		r := mustLoader(t, env, "reset", "sales_ingest")
		if want := "reset sales_ingest: checkpoint at record 300 removed\nnote: sales_ingest appends, so its next run adds every record again next to the rows sales_data holds; reset with --truncate to empty it first\n"; r.stdout != want {
			t.Fatalf("reset printed %q, want %q", r.stdout, want)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM load_state"); n != 0 {
			t.Fatalf("%d checkpoints after reset", n)
		}
		if r := mustLoader(t, env, "run", "sales_ingest", "--input", path); !strings.Contains(r.stdout, "succeeded: 300 read, 300 loaded") {
			t.Fatalf("the run after reset did not start from the first record: %q", r.stdout)
		}
		r = mustLoader(t, env, "reset", "sales_ingest", "--truncate")
		if want := "reset sales_ingest: checkpoint at record 300 removed; sales_data truncated (600 rows)\n"; r.stdout != want {
			t.Fatalf("reset --truncate printed %q, want %q", r.stdout, want)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM sales_data"); n != 0 {
			t.Fatalf("%d rows left after --truncate", n)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM load_runs"); n != 2 {
			t.Fatalf("%d runs after the resets, want the 2 run before", n)
		}
		release, err := s.LockPipeline(context.Background(), "sales_ingest", false)
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		r = loader(t, env, "reset", "sales_ingest", "--truncate")
		if line := errLine(t, r); r.code != 1 || !strings.Contains(line, "in progress") {
			t.Fatalf("reset under a held lock: exit %d, %s", r.code, line)
		}
	})
}

// TestResetRefusesWhatIsNoPipelineTarget: an unknown pipeline is named,
// and --truncate never empties a bookkeeping table.
func TestResetRefusesWhatIsNoPipelineTarget(t *testing.T) {
	env := demoEnv(t, dbtest.SQLite(t))
	env["LOADER_PIPELINES"] = pipelinesFile(t, `
  books:
    source: {csv: {path: in.csv}}
    target: load_runs
  versions:
    source: {csv: {path: in.csv}}
    target: schema_migrations
`)
	if r := loader(t, env, "reset", "nope"); r.code != 1 || !strings.Contains(errLine(t, r), "no pipeline nope") {
		t.Fatalf("unknown pipeline: exit %d, %s", r.code, r.stderr)
	}
	if r := loader(t, env, "reset", "books", "--truncate"); r.code != 1 || !strings.Contains(errLine(t, r), "bookkeeping") {
		t.Fatalf("bookkeeping target: exit %d, %s", r.code, r.stderr)
	}
	if r := loader(t, env, "reset", "versions", "--truncate"); r.code != 1 || !strings.Contains(errLine(t, r), "schema_migrations is one of the loader's own tables") {
		t.Fatalf("schema_migrations: exit %d, %s", r.code, r.stderr)
	}
	if st := mustLoader(t, env, "migrate", "status").stdout; strings.Contains(st, "pending") {
		t.Fatalf("after a refused reset, migrate status shows pending migrations:\n%s", st)
	}
}

// TestEmptiedTargetRefusesToResume: a checkpoint whose target was emptied
// (recreated, truncated) is refused with one line offering the ways out,
// and --full-refresh reloads every row; a replace pipeline reloads without
// being refused, and a pipeline whose runs loaded nothing is not refused.
func TestEmptiedTargetRefusesToResume(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		s := openStore(t, url)
		path := filepath.Join(t.TempDir(), "sales.csv")
		writeSales(t, path, 300)
		env["LOADER_PIPELINES"] = pipelinesFile(t, fmt.Sprintf(`
  ingest:
    source: {csv: {path: %[1]q}}
    target: sales_data
  swap:
    source: {csv: {path: %[1]q}}
    target: sales_data
    mode: replace
  none:
    source: {csv: {path: %[1]q}}
    target: sales_data
    steps:
      - filter: {column: region, op: eq, value: nowhere}
`, path))
		empty := func() { execSQL(t, url, "DELETE FROM sales_data") }
		mustLoader(t, env, "run", "ingest")
		empty()
		r := loader(t, env, "run", "ingest")
		line := errLine(t, r)
		for _, want := range []string{"sales_data is empty, yet 300 rows were loaded", "--full-refresh", "loader reset ingest", "--resume"} {
			if r.code != 1 || !strings.Contains(line, want) {
				t.Fatalf("exit %d, %q lacks %q", r.code, line, want)
			}
		}
		// A target emptied on purpose (a landing table downstream SQL
		// clears): --resume continues at the checkpoint, reading nothing.
		if r := mustLoader(t, env, "run", "ingest", "--resume"); !strings.Contains(r.stdout, "succeeded (resumed after record 300): 0 read, 0 loaded") {
			t.Fatalf("--resume over an emptied target: %q", r.stdout)
		}
		if r := mustLoader(t, env, "run", "ingest", "--full-refresh"); !strings.Contains(r.stdout, "succeeded (full refresh): 300 read, 300 loaded") {
			t.Fatalf("full refresh: %q", r.stdout)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM sales_data"); n != 300 {
			t.Fatalf("%d rows after --full-refresh, want 300", n)
		}
		mustLoader(t, env, "run", "swap")
		empty()
		if r := mustLoader(t, env, "run", "swap"); !strings.Contains(r.stdout, "300 loaded") {
			t.Fatalf("replace over an emptied target: %q", r.stdout)
		}
		mustLoader(t, env, "run", "none")
		empty()
		if r := mustLoader(t, env, "run", "none"); !strings.Contains(r.stdout, "succeeded (resumed after record 300)") {
			t.Fatalf("a pipeline that loaded nothing: %q", r.stdout)
		}
	})
}

// TestFullRefreshEmptiesTheTarget: --full-refresh reloads everything in
// append and upsert mode (the target emptied first, rows deleted from the
// source gone), and a dry run with it writes nothing.
func TestFullRefreshEmptiesTheTarget(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		s := openStore(t, url)
		mustLoader(t, env, "run", "sales_ingest")
		mustLoader(t, env, "run", "sales_transform")
		loaded := count(t, s, "SELECT COUNT(*) FROM transformed_sales_data")
		execSQL(t, url, "INSERT INTO transformed_sales_data (order_id, sold_at, customer, product, region, quantity, sales_amount, sales_category, load_run_id) SELECT 'GONE', sold_at, customer, product, region, quantity, sales_amount, sales_category, load_run_id FROM transformed_sales_data WHERE order_id = (SELECT MIN(order_id) FROM transformed_sales_data)")
		r := mustLoader(t, env, "run", "sales_transform", "--full-refresh", "--dry-run")
		if !strings.Contains(r.stdout, fmt.Sprintf("%d would load", loaded)) || count(t, s, "SELECT COUNT(*) FROM transformed_sales_data") != loaded+1 {
			t.Fatalf("dry run with --full-refresh: %q", r.stdout)
		}
		r = mustLoader(t, env, "run", "sales_transform", "--full-refresh")
		if !strings.Contains(r.stdout, fmt.Sprintf("succeeded (full refresh): 2000 read, %d loaded", loaded)) {
			t.Fatalf("full refresh: %q", r.stdout)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM transformed_sales_data"); n != loaded {
			t.Fatalf("%d rows after the full refresh, want the %d the source gives", n, loaded)
		}
	})
}

// TestSummaryLineSaysTheRunResumed: a run that started at a checkpoint
// says after which record, in its summary line.
func TestSummaryLineSaysTheRunResumed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		dir := t.TempDir()
		full, path := filepath.Join(dir, "full.csv"), filepath.Join(dir, "sales.csv")
		writeSales(t, full, 500)
		body, err := os.ReadFile(full)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(body), "\n")
		if err := os.WriteFile(path, []byte(strings.Join(lines[:301], "")), 0o644); err != nil {
			t.Fatal(err)
		}
		if r := mustLoader(t, env, "run", "sales_ingest", "--input", path); !strings.Contains(r.stdout, "succeeded: 300 read") {
			t.Fatalf("first run: %q", r.stdout)
		}
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		r := mustLoader(t, env, "run", "sales_ingest", "--input", path)
		if !strings.HasPrefix(r.stdout, "run 2 of sales_ingest succeeded (resumed after record 300): 200 read, 200 loaded, 0 rejected, 0 dropped in ") {
			t.Fatalf("resumed run: %q", r.stdout)
		}
		if !strings.Contains(r.stderr, "resumed_after=300") {
			t.Fatalf("the run's log does not say it resumed: %s", r.stderr)
		}
	})
}

// TestRunsShowsDroppedRows: the rows a run's steps dropped are stored with
// its other counts and shown by `loader runs`, as a column and in JSON.
func TestRunsShowsDroppedRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		path := filepath.Join(t.TempDir(), "sales.csv")
		writeSales(t, path, 300)
		env["LOADER_PIPELINES"] = pipelinesFile(t, fmt.Sprintf(`
  west:
    source: {csv: {path: %q}}
    target: sales_data
    batch_size: 50
    steps:
      - filter: {column: region, op: eq, value: West}
`, path))
		r := mustLoader(t, env, "run", "west")
		var loaded, dropped int64
		if _, err := fmt.Sscanf(r.stdout[strings.Index(r.stdout, ": ")+2:], "300 read, %d loaded, 0 rejected, %d dropped", &loaded, &dropped); err != nil || dropped == 0 || loaded+dropped != 300 {
			t.Fatalf("summary %q: %d loaded, %d dropped (%v)", r.stdout, loaded, dropped, err)
		}
		var runs []map[string]any
		if err := json.Unmarshal([]byte(mustLoader(t, env, "runs", "--format", "json").stdout), &runs); err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0]["rows_dropped"] != float64(dropped) {
			t.Fatalf("runs --format json: %v, want rows_dropped %d", runs, dropped)
		}
		table := strings.Split(mustLoader(t, env, "runs").stdout, "\n")
		if !strings.Contains(table[0], "REJECTED  DROPPED") || !strings.Contains(table[1], fmt.Sprintf(" %d ", dropped)) {
			t.Fatalf("runs table lacks the dropped rows:\n%s", strings.Join(table, "\n"))
		}
	})
}

// pipelinesFile writes a pipeline file holding the given pipelines (YAML
// indented under `pipelines:`) and returns its path.
func pipelinesFile(t *testing.T, pipelines string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pipelines.yaml")
	if err := os.WriteFile(path, []byte("pipelines:"+pipelines), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPreflightNamesAMissingTargetOrColumn: before reading a record, a run
// and a dry run stop when the target table, or a column the pipeline
// writes, is missing from the database, saying what to do; neither
// records a run nor says how many rows would load.
func TestPreflightNamesAMissingTargetOrColumn(t *testing.T) {
	cases := []struct {
		name, statement, want string
	}{
		{"no table", "DROP TABLE transformed_sales_data", "pipeline sales_transform: target table transformed_sales_data is missing from the database: run loader migrate up"},
		{"no column", "ALTER TABLE transformed_sales_data DROP COLUMN region", "pipeline sales_transform: target transformed_sales_data has no column region that the pipeline writes: add a migration (loader migrate diff) and run loader migrate up"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, url string) {
				env := demoEnv(t, url)
				s := openStore(t, url)
				mustLoader(t, env, "run", "sales_ingest")
				execSQL(t, url, tc.statement)
				for _, args := range [][]string{{"run", "sales_transform"}, {"run", "sales_transform", "--dry-run"}} {
					r := loader(t, env, args...)
					if line := errLine(t, r); r.code != 1 || line != "loader: "+tc.want || strings.Contains(r.stdout, "would load") {
						t.Fatalf("%v: exit %d, %q, stdout %q", args, r.code, line, r.stdout)
					}
				}
				if n := count(t, s, "SELECT COUNT(*) FROM load_runs"); n != 1 {
					t.Fatalf("%d runs recorded, want only the ingest", n)
				}
			})
		})
	}
}
