//go:build unix

package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// TestSIGKILLAndRerunEqualsUninterruptedRun loads the same CSV into two
// warehouses: A uninterrupted, B with every pipeline killed (SIGKILL) at
// random moments and then rerun to the end. Both must hold the same rows.
// LOADER_TEST_SEED replays the kill moments of a failed run.
func TestSIGKILLAndRerunEqualsUninterruptedRun(t *testing.T) {
	const rows = 60000
	bin := loaderBinary(t)
	input := filepath.Join(t.TempDir(), "sales.csv")
	writeSales(t, input, rows)
	seed := testSeed(t)
	ingest := []string{"run", "sales_ingest", "--input", input, "--batch-size", "1000"}
	transform := []string{"run", "sales_transform", "--batch-size", "1000"}
	dbtest.Each(t, func(t *testing.T, urlA string) {
		rng := rand.New(rand.NewPCG(seed, uint64(len(dialectOf(urlA)))))
		urlB := dbtest.New(t, dialectOf(urlA))
		envA, envB := demoEnv(t, urlA), demoEnv(t, urlB)
		a, b := openStore(t, urlA), openStore(t, urlB)

		ingestTime := timedRun(t, bin, envA, ingest...)
		transformTime := timedRun(t, bin, envA, transform...)
		k := killer{t: t, rng: rng, bin: bin, env: envB, store: b, total: rows}
		k.killThenFinish("sales_ingest", ingestTime, ingest)
		k.killThenFinish("sales_transform", transformTime, transform)

		rawA, rawB := rawRows(t, a, false), rawRows(t, b, false)
		if len(rawA) != rows {
			t.Fatalf("uninterrupted run landed %d rows, want %d", len(rawA), rows)
		}
		sameRows(t, "sales_data (sorted)", rawA, rawB)
		sameRows(t, "transformed_sales_data (by order_id)", transformedRows(t, a), transformedRows(t, b))
		for _, p := range []string{"sales_ingest", "sales_transform"} {
			checkInterruptedRuns(t, b, p)
		}
	})
}

// killer kills runs of a pipeline in warehouse B.
type killer struct {
	t     *testing.T
	rng   *rand.Rand
	bin   string
	env   map[string]string
	store *repository.Store
	total int64 // source records of each pipeline
}

// killThenFinish starts the pipeline 3 to 5 times and SIGKILLs it each
// time, then runs it to the end. A kill comes after a random delay spread
// over the uninterrupted run's duration (full), some after waiting for a
// newly committed batch, and always before the run could end: kill i of n
// comes at the latest when the checkpoint passes total·(i+1)/(n+1).
// Every run passes --wait: a killed PostgreSQL session can hold the
// pipeline's advisory lock for a moment after the process died.
func (k *killer) killThenFinish(pipeline string, full time.Duration, args []string) {
	t := k.t
	t.Helper()
	args = append(slices.Clone(args), "--wait")
	n := 3 + k.rng.IntN(3)
	span := max(full*8/10/time.Duration(n), time.Millisecond)
	mustProgress := k.rng.IntN(n)
	var at int64
	for i := range n {
		ceiling := k.total * int64(i+1) / int64(n+1)
		waitBatch := i == mustProgress || k.rng.IntN(2) == 0
		delay := time.Duration(k.rng.Int64N(int64(span)))
		before, start := at, time.Now()
		at = k.killOnce(pipeline, args, at, ceiling, waitBatch, delay)
		t.Logf("%s: kill %d/%d after %v: checkpoint %d → %d", pipeline, i+1, n, time.Since(start).Round(time.Millisecond), before, at)
	}
	if at == 0 || at >= k.total {
		t.Fatalf("%s: checkpoint %d after the kills: the final run resumes nothing", pipeline, at)
	}
	r := mustRun(t, k.bin, k.env, args...)
	if !strings.Contains(r.stdout, "succeeded") {
		t.Fatalf("final run of %s: %q", pipeline, r.stdout)
	}
	t.Logf("%s: resumed after record %d: %s", pipeline, at, strings.TrimSpace(r.stdout))
}

// killOnce starts a run, lets it commit a batch past checkpoint at if
// waitBatch, then kills it after delay or as soon as its checkpoint
// reaches ceiling; it returns the checkpoint the kill left.
func (k *killer) killOnce(pipeline string, args []string, at, ceiling int64, waitBatch bool, delay time.Duration) int64 {
	t := k.t
	t.Helper()
	p := startLoader(t, k.bin, k.env, args...)
	if waitBatch {
		pollState(t, k.store, p, pipeline, func(off int64) bool { return off > at || off >= ceiling }, time.Time{})
	}
	pollState(t, k.store, p, pipeline, func(off int64) bool { return off >= ceiling }, time.Now().Add(delay))
	_ = p.cmd.Process.Kill()
	r := p.wait()
	if ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("%s ended before the kill: exit %d\n%s%s", pipeline, r.code, r.stdout, r.stderr)
	}
	return stateOffset(t, k.store, pipeline)
}

// pollState returns when the process has ended, when deadline (if set)
// has passed, or when the pipeline's checkpoint satisfies done.
func pollState(t *testing.T, s *repository.Store, p *proc, pipeline string, done func(int64) bool, deadline time.Time) {
	t.Helper()
	giveUp := time.Now().Add(time.Minute)
	for !p.exited() {
		now := time.Now()
		if !deadline.IsZero() && !now.Before(deadline) {
			return
		}
		if now.After(giveUp) {
			t.Fatalf("%s made no progress in a minute", pipeline)
		}
		if done(stateOffset(t, s, pipeline)) {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// checkInterruptedRuns checks the runs of a pipeline after kills and a
// final run: the newest succeeded, every other one was marked failed as
// interrupted by the run after it, and none is left running.
func checkInterruptedRuns(t *testing.T, s *repository.Store, pipeline string) {
	t.Helper()
	runs, err := s.Runs(context.Background(), pipeline, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) < 2 || runs[0].Status != models.RunSucceeded {
		t.Fatalf("%s: want killed runs and a final success, got %s", pipeline, describeRuns(runs))
	}
	for _, r := range runs[1:] {
		if r.Status != models.RunFailed || r.Error == nil || !strings.Contains(*r.Error, "interrupted") || r.FinishedAt == nil {
			t.Fatalf("%s: a killed run should be failed as interrupted: %s", pipeline, describeRuns(runs))
		}
	}
	t.Logf("%s: %d killed runs marked failed (interrupted)", pipeline, len(runs)-1)
}

func describeRuns(runs []models.LoadRun) string {
	var b strings.Builder
	for _, r := range runs {
		msg := ""
		if r.Error != nil {
			msg = *r.Error
		}
		fmt.Fprintf(&b, "\n  run %d %s %q", r.ID, r.Status, msg)
	}
	return b.String()
}

// TestSIGTERMCancelsCleanly signals a run after its first committed batch:
// it must roll back the open batch, end as cancelled with one error line
// and exit code 1, keep exactly the checkpointed rows, and a rerun must
// load each remaining CSV row once. The signal comes up to 60 ms after the
// first commit, so it lands between batches or in the middle of one.
func TestSIGTERMCancelsCleanly(t *testing.T) {
	const rows, batch = 300000, 2000
	bin := loaderBinary(t)
	input := filepath.Join(t.TempDir(), "sales.csv")
	writeSales(t, input, rows)
	want := csvRows(t, input)
	rng := rand.New(rand.NewPCG(testSeed(t), 0))
	args := []string{"run", "sales_ingest", "--input", input, "--batch-size", strconv.Itoa(batch)}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(strings.ToUpper(signalName(sig)), func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, url string) {
				env := demoEnv(t, url)
				s := openStore(t, url)
				p := startLoader(t, bin, env, args...)
				pollState(t, s, p, "sales_ingest", func(off int64) bool { return off >= batch }, time.Time{})
				time.Sleep(time.Duration(rng.Int64N(int64(60 * time.Millisecond))))
				if p.exited() {
					r := p.wait()
					t.Fatalf("the run ended before the signal: exit %d\n%s%s", r.code, r.stdout, r.stderr)
				}
				if err := p.cmd.Process.Signal(sig); err != nil {
					t.Fatalf("signalling the run: %v", err)
				}
				r := p.wait()
				if r.code != 1 {
					t.Fatalf("exit %d after %s, want 1\n%s%s", r.code, sig, r.stdout, r.stderr)
				}
				line := errLine(t, r)
				if !strings.Contains(line, "cancelled") {
					t.Fatalf("error line %q does not say the run was cancelled", line)
				}
				t.Logf("after %s: %s", sig, line)
				kept := checkCancelled(t, s, rows, batch)
				rerun := mustRun(t, bin, env, args...)
				if wantRead := fmt.Sprintf("%d read, %d loaded", rows-kept, rows-kept); !strings.Contains(rerun.stdout, wantRead) {
					t.Fatalf("rerun after %d kept rows: %q, want %q", kept, rerun.stdout, wantRead)
				}
				sameRows(t, "sales_data against the CSV", want, rawRows(t, s, true))
			})
		})
	}
}

func signalName(sig syscall.Signal) string {
	if sig == syscall.SIGINT {
		return "sigint"
	}
	return "sigterm"
}

// checkCancelled checks the warehouse after a signalled ingest run and
// returns how many rows it kept: the run is cancelled, and sales_data holds
// exactly the whole batches its checkpoint and counts account for.
func checkCancelled(t *testing.T, s *repository.Store, rows, batch int64) int64 {
	t.Helper()
	runs, err := s.Runs(context.Background(), "sales_ingest", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Status != models.RunCancelled || runs[0].FinishedAt == nil {
		t.Fatalf("want one cancelled run, got %s", describeRuns(runs))
	}
	run := runs[0]
	off := stateOffset(t, s, "sales_ingest")
	n := count(t, s, "SELECT COUNT(*) FROM sales_data")
	mine := count(t, s, fmt.Sprintf("SELECT COUNT(*) FROM sales_data WHERE load_run_id = %d", run.ID))
	t.Logf("cancelled run %d: checkpoint %d, %d rows in sales_data, counts read %d loaded %d", run.ID, off, n, run.RowsRead, run.RowsLoaded)
	switch {
	case off == 0 || off >= rows:
		t.Fatalf("checkpoint %d: the signal did not land mid-run", off)
	case n != off || mine != n:
		t.Fatalf("sales_data holds %d rows (%d of the run), the checkpoint says %d", n, mine, off)
	case n%batch != 0:
		t.Fatalf("%d rows is not a whole number of %d-row batches", n, batch)
	}
	return n
}

// TestSignalDuringCommitKeepsRunCounts signals runs of many small batches
// at random moments, so that some signals land while a batch commits. The
// run row must count what the run committed: its rows and its checkpoint.
// A batch whose COMMIT is under way when the signal comes either commits
// and is counted, or rolls back and is not; it must not be reported as
// rolled back when the database committed it.
func TestSignalDuringCommitKeepsRunCounts(t *testing.T) {
	const attempts = 20 // a quarter of the signals landed in a COMMIT here
	bin := loaderBinary(t)
	input := filepath.Join(t.TempDir(), "sales.csv")
	writeSales(t, input, 20000)
	rng := rand.New(rand.NewPCG(testSeed(t), 1))
	dbtest.Each(t, func(t *testing.T, url string) {
		for i := range attempts {
			if i > 0 {
				url = dbtest.New(t, dialectOf(url))
			}
			delay := time.Duration(rng.Int64N(int64(20 * time.Millisecond)))
			signalDuringRun(t, bin, url, input, delay)
		}
	})
}

// signalDuringRun starts an ingest of 10-row batches into the fresh
// warehouse at url, sends SIGTERM delay after its first commit, and checks
// the run's counts against what it committed.
func signalDuringRun(t *testing.T, bin, url, input string, delay time.Duration) {
	t.Helper()
	env := demoEnv(t, url)
	s, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	p := startLoader(t, bin, env, "run", "sales_ingest", "--input", input, "--batch-size", "10")
	pollState(t, s, p, "sales_ingest", func(off int64) bool { return off > 0 }, time.Time{})
	time.Sleep(delay)
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	r := p.wait()
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (cancelled)\n%s%s", r.code, r.stdout, r.stderr)
	}
	runs, err := s.Runs(context.Background(), "sales_ingest", 10)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs %s, %v", describeRuns(runs), err)
	}
	run, off := runs[0], stateOffset(t, s, "sales_ingest")
	mine := count(t, s, fmt.Sprintf("SELECT COUNT(*) FROM sales_data WHERE load_run_id = %d", run.ID))
	if run.RowsRead != off || run.RowsLoaded != mine || mine != off {
		t.Fatalf("run %d %s counts read %d, loaded %d; it committed %d rows up to checkpoint %d\n%s",
			run.ID, run.Status, run.RowsRead, run.RowsLoaded, mine, off, errLine(t, r))
	}
}

// testSeed returns the seed of the random signal moments: the time, or
// LOADER_TEST_SEED to replay a failed run. It is logged.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("LOADER_TEST_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("LOADER_TEST_SEED %q: %v", s, err)
		}
	}
	t.Logf("seed %d (LOADER_TEST_SEED=%d replays it)", seed, seed)
	return seed
}

// timedRun runs the binary to the end and returns how long it took.
func timedRun(t *testing.T, bin string, env map[string]string, args ...string) time.Duration {
	t.Helper()
	start := time.Now()
	mustRun(t, bin, env, args...)
	d := time.Since(start)
	t.Logf("uninterrupted %s: %v", args[1], d.Round(time.Millisecond))
	return d
}

func dialectOf(url string) string {
	d, _, err := drivers.Parse(url)
	if err != nil {
		panic(err)
	}
	return d.Name()
}

// openStore opens the warehouse at url for the test's own queries.
func openStore(t *testing.T, url string) *repository.Store {
	t.Helper()
	s, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// stateOffset returns the pipeline's committed source offset (0 if none).
func stateOffset(t *testing.T, s *repository.Store, pipeline string) int64 {
	t.Helper()
	st, found, err := s.State(context.Background(), pipeline)
	if err != nil {
		t.Fatalf("reading the state of %s: %v", pipeline, err)
	}
	if !found {
		return 0
	}
	return st.SourceOffset
}

func count(t *testing.T, s *repository.Store, q string) int64 {
	t.Helper()
	var n int64
	err := s.Scope(context.Background(), func(sess *repository.Session) error {
		return sess.Gorm(context.Background()).Raw(q).Scan(&n).Error
	})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// query returns every row of q, each rendered as one string of its text
// values, each value rendered by fix.
func query(t *testing.T, s *repository.Store, q string, fix func(col int, v sql.NullString) string) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := s.Scope(ctx, func(sess *repository.Session) error {
		rows, err := sess.Gorm(ctx).Raw(q).Rows()
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		fields := make([]string, len(cols))
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			for i, v := range vals {
				fields[i] = fix(i, v)
			}
			out = append(out, strings.Join(fields, " | "))
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func nullText(v sql.NullString) string {
	if !v.Valid {
		return "∅"
	}
	return v.String
}

// rawRows returns sales_data without ids and run ids, sorted. With
// blankIsNull an empty string reads as NULL, as a CSV cannot tell them apart.
func rawRows(t *testing.T, s *repository.Store, blankIsNull bool) []string {
	t.Helper()
	rows := query(t, s, "SELECT order_id, sold_at, customer, product, region, quantity, sales_amount FROM sales_data",
		func(_ int, v sql.NullString) string {
			if blankIsNull && v.String == "" {
				v.Valid = false
			}
			return nullText(v)
		})
	slices.Sort(rows)
	return rows
}

// transformedRows returns transformed_sales_data without run ids, by
// order_id, sales_amount as an exact decimal with 2 places (SQLite may
// hand back 12.5 for 12.50).
func transformedRows(t *testing.T, s *repository.Store) []string {
	t.Helper()
	const amount = 6
	q := `SELECT order_id, CAST(sold_at AS TEXT), customer, product, region, CAST(quantity AS TEXT),
		CAST(sales_amount AS TEXT), sales_category FROM transformed_sales_data ORDER BY order_id`
	if s.Dialect() == "mysql" {
		q = strings.ReplaceAll(q, "AS TEXT", "AS CHAR") // MySQL casts to CHAR
	}
	return query(t, s, q,
		func(i int, v sql.NullString) string {
			if i != amount || !v.Valid {
				return nullText(v)
			}
			d, err := decimal.NewFromString(v.String)
			if err != nil {
				t.Fatalf("sales_amount %q: %v", v.String, err)
			}
			return d.StringFixed(2)
		})
}

// csvRows returns the data rows of a CSV file as rawRows renders them.
func csvRows(t *testing.T, path string) []string {
	t.Helper()
	recs := readCSV(t, path)
	out := make([]string, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		for i, v := range rec {
			if v == "" {
				rec[i] = "∅"
			}
		}
		out = append(out, strings.Join(rec, " | "))
	}
	slices.Sort(out)
	return out
}

// sameRows fails the test at the first difference between two row lists.
func sameRows(t *testing.T, what string, want, got []string) {
	t.Helper()
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			t.Fatalf("%s: row %d differs:\nwant %s\ngot  %s", what, i, want[i], got[i])
		}
	}
	if len(want) != len(got) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	t.Logf("%s: %d rows identical", what, len(got))
}
