package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

const sqlPipelines = `pipelines:
  good:
    source: {csv: {path: in.csv}}
    target: sales_data
    steps:
      - validate: {column: sales_amount, max: 5}
    before_sql:
      - CREATE TABLE IF NOT EXISTS helper_runs (n integer)
      - INSERT INTO helper_runs (n) VALUES (${RUN_MARK})
    after_sql:
      - DELETE FROM sales_summary
      - INSERT INTO sales_summary (region, n) SELECT region, COUNT(*) FROM sales_data GROUP BY region
  all_rejected:
    source: {csv: {path: bad.csv}}
    target: sales_data
    steps:
      - validate: {column: sales_amount, max: 5}
    after_sql:
      - INSERT INTO helper_runs (n) VALUES (99)
  after_fails:
    source: {csv: {path: in.csv}}
    target: sales_data
    after_sql:
      - DELETE FROM sales_summary
      - INSERT INTO helper_runs (n) VALUES (7)
      - INSERT INTO no_such_table (x) VALUES (1)
  before_fails:
    source: {csv: {path: in.csv}}
    target: sales_data
    before_sql:
      - INSERT INTO helper_runs (n) VALUES (5)
      - INSERT INTO no_such_table (x) VALUES ('${SECRET}')
  echoes_secret:
    source: {csv: {path: in.csv}}
    target: sales_data
    before_sql:
      - INSERT INTO helper_runs (n) VALUES (${SECRET_COLUMN})
`

// TestBeforeAndAfterSQL: before_sql runs before the first batch, after_sql
// after a successful run only (not a dry run, not a failed one), each list
// in one transaction: a failing statement rolls back the earlier ones of
// its list, keeps the batches committed before it, and fails the run
// (exit 1) naming the list and the statement's number, not its text.
func TestBeforeAndAfterSQL(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"pipelines.yaml": sqlPipelines,
		"in.csv":         "region,sales_amount\nEast,1\nEast,2\nWest,3\n",
		"bad.csv":        "region,sales_amount\nEast,9\n",
	})
	dbtest.Each(t, func(t *testing.T, url string) {
		env := fileEnv(t, url, dir)
		env["RUN_MARK"], env["SECRET"], env["SECRET_COLUMN"] = "1", "s3cr3t-value", "tok_hunter2"
		s := openStore(t, url)
		execSQL(t, url, "CREATE TABLE sales_summary (region varchar(50), n integer)")
		summary := func() []string {
			return query(t, s, "SELECT region, n FROM sales_summary ORDER BY region", fixNullText)
		}
		helper := func() []string { return query(t, s, "SELECT n FROM helper_runs ORDER BY n", fixNullText) }
		want := []string{"East | 2", "West | 1"}

		mustLoader(t, env, "run", "good", "--dry-run")
		if count(t, s, "SELECT COUNT(*) FROM sales_summary") != 0 {
			t.Fatal("a dry run ran after_sql")
		}
		mustLoader(t, env, "run", "good")
		if got := summary(); !slices.Equal(got, want) {
			t.Fatalf("summary after the run: %q, want %q", got, want)
		}
		if got := helper(); !slices.Equal(got, []string{"1"}) {
			t.Fatalf("helper_runs: %q, want the one row before_sql inserted", got)
		}

		if r := loader(t, env, "run", "all_rejected"); r.code != 1 || slices.Contains(helper(), "99") {
			t.Fatalf("a failed run: exit %d, helper_runs %q (after_sql must not run)", r.code, helper())
		}

		r := loader(t, env, "run", "after_fails")
		if line := errLine(t, r); r.code != 1 || !strings.Contains(line, "after_sql of pipeline after_fails: statement 3 of 3") {
			t.Fatalf("after_sql failing: exit %d, %q", r.code, line)
		}
		if got := summary(); !slices.Equal(got, want) || slices.Contains(helper(), "7") {
			t.Errorf("after the failed after_sql: summary %q (want %q), helper %q: its earlier statements must roll back", got, want, helper())
		}
		if n := count(t, s, "SELECT COUNT(*) FROM sales_data"); n != 6 {
			t.Errorf("sales_data holds %d rows, want 6: the batches of the run whose after_sql failed stay", n)
		}
		if st, msg := lastRun(t, env, "after_fails"); st != "failed" || !strings.Contains(msg, "statement 3 of 3") {
			t.Errorf("run of after_fails: %s, %q", st, msg)
		}

		r = loader(t, env, "run", "before_fails")
		line := errLine(t, r)
		if r.code != 1 || !strings.Contains(line, "before_sql of pipeline before_fails: statement 2 of 2") || strings.Contains(line, env["SECRET"]) {
			t.Fatalf("before_sql failing: exit %d, %q", r.code, line)
		}
		if n := count(t, s, "SELECT COUNT(*) FROM sales_data"); n != 6 || slices.Contains(helper(), "5") {
			t.Errorf("after before_sql failed: %d rows (want 6), helper %q", n, helper())
		}
		if st, msg := lastRun(t, env, "before_fails"); st != "failed" || strings.Contains(msg, env["SECRET"]) {
			t.Errorf("run of before_fails: %s, %q", st, msg)
		}

		// Every database names an unknown column in its message: the
		// value of ${SECRET_COLUMN} is masked there too.
		r = loader(t, env, "run", "echoes_secret")
		line = errLine(t, r)
		if r.code != 1 || !strings.Contains(line, "***") || strings.Contains(line, env["SECRET_COLUMN"]) {
			t.Errorf("before_sql echoing the secret: exit %d, %q", r.code, line)
		}
		if st, msg := lastRun(t, env, "echoes_secret"); st != "failed" || !strings.Contains(msg, "***") || strings.Contains(msg, env["SECRET_COLUMN"]) {
			t.Errorf("run of echoes_secret: %s, %q", st, msg)
		}
	})
}

// lastRun returns the status and error of the pipeline's newest run.
func lastRun(t *testing.T, env map[string]string, pipeline string) (status, errText string) {
	t.Helper()
	var runs []struct {
		Status string  `json:"status"`
		Error  *string `json:"error"`
	}
	out := mustLoader(t, env, "runs", "--pipeline", pipeline, "--format", "json").stdout
	if err := json.Unmarshal([]byte(out), &runs); err != nil || len(runs) == 0 {
		t.Fatalf("runs of %s: %q (%v)", pipeline, out, err)
	}
	if runs[0].Error != nil {
		errText = *runs[0].Error
	}
	return runs[0].Status, errText
}
