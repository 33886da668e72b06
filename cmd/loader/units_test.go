//go:build unix

package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// writeUnits writes files CSV files of rows sales rows each into dir, as
// in/part-NN.csv, every order_id unique ("fNN-rNNNN").
func writeUnits(t *testing.T, dir string, files, rows int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "in"), 0o755); err != nil {
		t.Fatal(err)
	}
	for f := range files {
		writeUnit(t, filepath.Join(dir, "in", fmt.Sprintf("part-%02d.csv", f)), f, 0, rows)
	}
}

// writeUnit writes rows [from, to) of file f.
func writeUnit(t *testing.T, path string, f, from, to int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("order_id,sold_at,customer,product,region,quantity,sales_amount\n")
	for r := from; r < to; r++ {
		fmt.Fprintf(&b, "f%02d-r%04d,2024-01-%02d 10:00:00,c%d,p%d,north,%d,%d.50\n", f, r, r%28+1, r%7, r%5, r%9+1, r%300)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// unitsEnv writes the pipeline file of a many-file load into dir and
// returns the environment that runs it against url (migrated).
func unitsEnv(t *testing.T, dir, url, mode string) map[string]string {
	t.Helper()
	keys := ""
	if mode == "upsert" {
		t.Fatal("unitsEnv: sales_data has no key to upsert on")
	}
	spec := fmt.Sprintf(`pipelines:
  ingest:
    source:
      csv:
        path: in/*.csv
    target: sales_data
    mode: %s%s
    batch_size: 100
`, mode, keys)
	file := filepath.Join(dir, "pipelines.yaml")
	if err := os.WriteFile(file, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": file}
	mustLoader(t, env, "migrate", "up")
	return env
}

// TestManyFilesLoadsEachOnce loads a glob of files on every warehouse: the
// first run loads them all in name order and lists them; a rerun skips
// them; a new file and rows appended to one are the next run's only work;
// a file rewritten under its checkpoint fails alone, named with its
// reason, while the others load; a full refresh reloads everything once.
func TestManyFilesLoadsEachOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		dir := t.TempDir()
		writeUnits(t, dir, 5, 250)
		env := unitsEnv(t, dir, url, "append")
		s := openStore(t, url)
		total := func() (int64, int64) {
			return count(t, s, "SELECT COUNT(*) FROM sales_data"), count(t, s, "SELECT COUNT(DISTINCT order_id) FROM sales_data")
		}

		r := mustLoader(t, env, "run", "ingest", "--workers", "2")
		if !strings.Contains(r.stdout, "files: 5 loaded, 0 skipped (loaded before, unchanged), 0 failed") {
			t.Fatalf("first run:\n%s", r.stdout)
		}
		if n, d := total(); n != 1250 || d != 1250 {
			t.Fatalf("after the first run: %d rows, %d distinct, want 1250", n, d)
		}
		if got := listed(r.stdout); strings.Join(got, ",") != "part-00.csv,part-01.csv,part-02.csv,part-03.csv,part-04.csv" {
			t.Fatalf("files listed out of order: %v", got)
		}

		r = mustLoader(t, env, "run", "ingest")
		if !strings.Contains(r.stdout, "files: 0 loaded, 5 skipped") || !strings.Contains(r.stdout, "0 read, 0 loaded") {
			t.Fatalf("rerun:\n%s", r.stdout)
		}

		writeUnit(t, filepath.Join(dir, "in", "part-05.csv"), 5, 0, 100)
		appendTo(t, filepath.Join(dir, "in", "part-02.csv"), "f02-r9999,2024-02-01 10:00:00,c,p,north,1,1.00\n")
		r = mustLoader(t, env, "run", "ingest")
		if !strings.Contains(r.stdout, "files: 2 loaded, 4 skipped") || !strings.Contains(r.stdout, "part-02.csv: 1 read, 1 loaded") || !strings.Contains(r.stdout, "part-05.csv: 100 read, 100 loaded") {
			t.Fatalf("run after a new file and an appended row:\n%s", r.stdout)
		}
		if n, d := total(); n != 1351 || d != 1351 {
			t.Fatalf("after new and appended rows: %d rows, %d distinct, want 1351", n, d)
		}

		// part-01 rewritten: its loaded bytes changed, so appending its
		// rows again would duplicate them. It fails alone.
		writeUnit(t, filepath.Join(dir, "in", "part-01.csv"), 1, 1000, 1300)
		writeUnit(t, filepath.Join(dir, "in", "part-06.csv"), 6, 0, 10)
		r = loader(t, env, "run", "ingest")
		if r.code != 1 || !strings.Contains(r.stdout, "files: 1 loaded, 5 skipped (loaded before, unchanged), 1 failed") ||
			!strings.Contains(r.stdout, "failed  part-01.csv: ") || !strings.Contains(r.stderr, "1 of 7 files failed") {
			t.Fatalf("a rewritten file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if n, d := total(); n != 1361 || d != 1361 {
			t.Fatalf("after a rewritten file: %d rows, %d distinct, want 1361 (part-06 only)", n, d)
		}

		r = mustLoader(t, env, "run", "ingest", "--full-refresh", "--workers", "3")
		if !strings.Contains(r.stdout, "files: 7 loaded, 0 skipped") || !strings.Contains(r.stdout, "(full refresh)") {
			t.Fatalf("full refresh:\n%s", r.stdout)
		}
		if n, d := total(); n != 1411 || d != 1411 { // part-01 now holds 300 rows
			t.Fatalf("after the full refresh: %d rows, %d distinct, want 1411", n, d)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM load_runs WHERE status = 'running'"); n != 0 {
			t.Fatalf("%d runs left running", n)
		}
	})
}

// listed returns the files a run's summary lists, in its order.
func listed(stdout string) []string {
	var out []string
	for _, l := range strings.Split(stdout, "\n") {
		if f, ok := strings.CutPrefix(l, "  loaded  "); ok {
			name, _, _ := strings.Cut(f, ":")
			out = append(out, name)
		}
	}
	return out
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestWorkersSIGKILLLoadEveryRowOnce shares a load of 40 files between 4
// processes, SIGKILLs them at random moments and restarts them, then lets
// them finish: every row is loaded exactly once, every file is recorded
// loaded, and no run is left running. LOADER_TEST_SEED replays a failure.
func TestWorkersSIGKILLLoadEveryRowOnce(t *testing.T) {
	const files, rows, procs = 40, 1500, 4
	bin := loaderBinary(t)
	seed := testSeed(t)
	dbtest.Each(t, func(t *testing.T, url string) {
		rng := rand.New(rand.NewPCG(seed, uint64(len(dialectOf(url)))))
		dir := t.TempDir()
		writeUnits(t, dir, files, rows)
		env := unitsEnv(t, dir, url, "append")
		s := openStore(t, url)
		args := []string{"run", "ingest", "--wait"}
		running := make([]*proc, procs)
		for i := range running {
			running[i] = startLoader(t, bin, env, args...)
		}
		kills := 0
		for round := 0; round < 12; round++ {
			time.Sleep(time.Duration(20+rng.IntN(200)) * time.Millisecond)
			i := rng.IntN(procs)
			if running[i].exited() {
				if r := running[i].wait(); r.code != 0 {
					t.Fatalf("worker %d: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
				}
			} else {
				_ = running[i].cmd.Process.Signal(syscall.SIGKILL)
				running[i].wait()
				kills++
			}
			running[i] = startLoader(t, bin, env, args...)
		}
		for i, p := range running {
			if r := p.wait(); r.code != 0 {
				t.Fatalf("worker %d after the kills: exit %d\n%s%s", i, r.code, r.stdout, r.stderr)
			}
		}
		r := mustRun(t, bin, env, args...)
		if !strings.Contains(r.stdout, fmt.Sprintf("files: 0 loaded, %d skipped", files)) {
			t.Fatalf("a run after the workers ended found work left:\n%s", r.stdout)
		}
		want := int64(files * rows)
		if n, d := count(t, s, "SELECT COUNT(*) FROM sales_data"), count(t, s, "SELECT COUNT(DISTINCT order_id) FROM sales_data"); n != want || d != want {
			t.Fatalf("%d rows, %d distinct order ids; want %d of each (seed %d)", n, d, want, seed)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM load_units WHERE status = 'loaded'"); n != files {
			t.Fatalf("%d files recorded loaded, want %d", n, files)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM load_runs WHERE status = 'running'"); n != 0 {
			t.Fatalf("%d runs left running after %d kills", n, kills)
		}
		// Kills that landed inside a load: runs marked interrupted after
		// committing rows.
		mid := count(t, s, "SELECT COUNT(*) FROM load_runs WHERE status = 'failed' AND rows_loaded > 0")
		t.Logf("%d kills, %d of them after the run committed rows; %d runs in all", kills, mid, count(t, s, "SELECT COUNT(*) FROM load_runs"))
	})
}

// TestFullRefreshAndResetWhileWorkersLoad starts a full refresh while
// other workers are loading: it must not deadlock with their batches, the
// workers it takes files from stop, and a rerun finds every row once.
// `loader reset` is refused while a worker lives.
func TestFullRefreshAndResetWhileWorkersLoad(t *testing.T) {
	const files, rows = 20, 2000
	bin := loaderBinary(t)
	dbtest.Each(t, func(t *testing.T, url string) {
		dir := t.TempDir()
		writeUnits(t, dir, files, rows)
		env := unitsEnv(t, dir, url, "append")
		s := openStore(t, url)
		bg := startLoader(t, bin, env, "run", "ingest", "--workers", "2")
		deadline := time.Now().Add(30 * time.Second)
		for count(t, s, "SELECT COUNT(*) FROM sales_data") == 0 && !bg.exited() && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if !bg.exited() {
			// Refused either way: by a worker's run alive ("run N is loading
			// its files") or by the pipeline's lock, which the workers hold for moments.
			if r := loader(t, env, "reset", "ingest"); r.code == 0 || !strings.Contains(r.stderr, "a run of ingest is in progress: reset it once that run ends") {
				t.Errorf("reset while a worker loads: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		}
		full := mustRun(t, bin, env, "run", "ingest", "--full-refresh")
		if !strings.Contains(full.stdout, "(full refresh)") {
			t.Fatalf("full refresh:\n%s", full.stdout)
		}
		r := bg.wait()
		if r.code != 0 && !strings.Contains(r.stderr, "no longer owns") {
			t.Fatalf("a worker overtaken by the full refresh: exit %d\n%s", r.code, r.stderr)
		}
		mustRun(t, bin, env, "run", "ingest")
		want := int64(files * rows)
		if n, d := count(t, s, "SELECT COUNT(*) FROM sales_data"), count(t, s, "SELECT COUNT(DISTINCT order_id) FROM sales_data"); n != want || d != want {
			t.Fatalf("%d rows, %d distinct order ids; want %d of each", n, d, want)
		}
	})
}

// TestManyFilesEdgeCases: a file whose every record is rejected fails
// once, not once per worker; an emptied target is not silently skipped; a
// pipeline name with '/' is refused; hooks and before_sql run once per
// process however many workers.
func TestManyFilesEdgeCases(t *testing.T) {
	url := dbtest.SQLite(t)
	dir := t.TempDir()
	writeUnits(t, dir, 4, 50)
	if err := os.WriteFile(filepath.Join(dir, "in", "bad.csv"), []byte("order_id,sold_at,customer,product,region,quantity,sales_amount\n,x,,,,,\n,y,,,,,\n,z,,,,,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := `pipelines:
  ingest:
    source:
      csv:
        path: in/*.csv
    target: sales_data
    mode: append
    before_sql: ["INSERT INTO sales_data (order_id) VALUES ('before')"]
    steps:
      - validate: {column: order_id, not_null: true}
`
	file := filepath.Join(dir, "pipelines.yaml")
	if err := os.WriteFile(file, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": file}
	mustLoader(t, env, "migrate", "up")
	s := openStore(t, url)
	r := loader(t, env, "run", "ingest", "--workers", "4")
	if r.code != 1 || strings.Count(errLine(t, r), "bad.csv") != 1 || !strings.Contains(r.stdout, "files: 4 loaded, 0 skipped (loaded before, unchanged), 1 failed") {
		t.Fatalf("a file all rejected, 4 workers: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM load_rejects"); n != 3 {
		t.Errorf("%d rejects stored for bad.csv's 3 records, want 3 (it is tried once per run)", n)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM sales_data WHERE order_id = 'before'"); n != 1 {
		t.Errorf("before_sql ran %d times for 4 workers, want once", n)
	}

	if err := os.Remove(filepath.Join(dir, "in", "bad.csv")); err != nil {
		t.Fatal(err)
	}
	mustLoader(t, env, "reset", "ingest")
	_ = os.WriteFile(file, []byte(strings.Replace(spec, "    before_sql: [\"INSERT INTO sales_data (order_id) VALUES ('before')\"]\n", "", 1)), 0o644)
	mustLoader(t, env, "run", "ingest")
	s = openStore(t, url)
	if err := s.Scope(t.Context(), func(sess *repository.Session) error { return sess.Exec(t.Context(), "DELETE FROM sales_data") }); err != nil {
		t.Fatal(err)
	}
	r = loader(t, env, "run", "ingest")
	if r.code != 1 || !strings.Contains(r.stderr, "sales_data is empty, but 4 files are recorded loaded") {
		t.Fatalf("a rerun into an emptied target: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	_ = os.WriteFile(file, []byte(strings.Replace(spec, "  ingest:", "  ingest/daily:", 1)), 0o644)
	if r := loader(t, env, "run", "ingest/daily"); r.code == 0 || !strings.Contains(r.stderr, "holds '/' or '#'") {
		t.Fatalf("a pipeline name with '/': exit %d\n%s", r.code, r.stderr)
	}
}
