package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// expectedReport computes the sales report straight from the CSV, the way
// the seed tutorial describes it, without the loader's code: rows with a
// wrong field count or an unparsable value are left out, duplicates by
// order_id keep the last row, a missing amount is 0, and amounts are
// binned Low (≤ 100), Medium (≤ 500), High.
func expectedReport(t *testing.T, path string) map[string][3]string {
	t.Helper()
	recs := readCSV(t, path)
	last := map[string][]string{}
	for _, rec := range recs[1:] {
		if len(rec) == 7 {
			last[rec[0]] = rec
		}
	}
	type agg struct {
		n   int64
		sum decimal.Decimal
	}
	by := map[string]*agg{}
	for _, rec := range last {
		amount := rec[6]
		if amount == "" {
			amount = "0"
		}
		d, err := decimal.NewFromString(amount)
		_, qerr := strconv.Atoi(rec[5])
		_, terr := time.Parse("2006-01-02 15:04:05", rec[1])
		if err != nil || qerr != nil || terr != nil {
			continue
		}
		cat := "High"
		if d.LessThanOrEqual(decimal.NewFromInt(100)) {
			cat = "Low"
		} else if d.LessThanOrEqual(decimal.NewFromInt(500)) {
			cat = "Medium"
		}
		if by[cat] == nil {
			by[cat] = &agg{}
		}
		by[cat].n++
		by[cat].sum = by[cat].sum.Add(d)
	}
	out := map[string][3]string{}
	for cat, a := range by {
		mean := a.sum.DivRound(decimal.NewFromInt(a.n), 4).RoundBank(2)
		out[cat] = [3]string{strconv.FormatInt(a.n, 10), a.sum.StringFixed(2), mean.StringFixed(2)}
	}
	return out
}

func reportOf(t *testing.T, env map[string]string) map[string][3]string {
	t.Helper()
	var stats []struct {
		Category string          `json:"sales_category"`
		Count    int64           `json:"count"`
		Sum      decimal.Decimal `json:"sum"`
		Mean     decimal.Decimal `json:"mean"`
	}
	out := mustLoader(t, env, "report", "sales", "--format", "json").stdout
	if err := json.Unmarshal([]byte(out), &stats); err != nil {
		t.Fatalf("report json %q: %v", out, err)
	}
	got := map[string][3]string{}
	for _, s := range stats {
		got[s.Category] = [3]string{strconv.FormatInt(s.Count, 10), s.Sum.StringFixed(2), s.Mean.StringFixed(2)}
	}
	return got
}

// demoEnv points the CLI at a fresh migrated database and the shipped
// pipeline file.
func demoEnv(t *testing.T, url string) map[string]string {
	t.Helper()
	pipelines, err := filepath.Abs("../../pipelines.yaml")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": pipelines}
	mustLoader(t, env, "migrate", "up")
	return env
}

func TestDemoReportMatchesIndependentComputation(t *testing.T) {
	sample, _ := filepath.Abs("../../testdata/sales/sales.csv")
	want := expectedReport(t, sample)
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		mustLoader(t, env, "run", "sales_ingest")
		r := mustLoader(t, env, "run", "sales_transform")
		if !strings.Contains(r.stdout, "succeeded") || !strings.Contains(r.stdout, "rejected") {
			t.Fatalf("run output %q", r.stdout)
		}
		got := reportOf(t, env)
		if len(got) != 3 || got["Low"] != want["Low"] || got["Medium"] != want["Medium"] || got["High"] != want["High"] {
			t.Fatalf("report %v, want %v", got, want)
		}
		// Rerunning on unchanged sources loads nothing and changes nothing.
		for _, p := range []string{"sales_ingest", "sales_transform"} {
			if r := mustLoader(t, env, "run", p); !strings.Contains(r.stdout, "0 read, 0 loaded") {
				t.Fatalf("rerun of %s: %q", p, r.stdout)
			}
		}
		if got := reportOf(t, env); got["Low"] != want["Low"] || got["High"] != want["High"] {
			t.Fatalf("report changed after reruns: %v", got)
		}
		runs := mustLoader(t, env, "runs", "--format", "json").stdout
		if strings.Count(runs, `"status": "succeeded"`) != 4 {
			t.Fatalf("runs: %s", runs)
		}
		rejects := mustLoader(t, env, "rejects", "2").stdout
		for _, reason := range []string{`"12,50" is not`, `quantity`, `sold_at`} {
			if !strings.Contains(rejects, reason) {
				t.Errorf("rejects of the transform run lack %q:\n%s", reason, rejects)
			}
		}
	})
}

func TestConcurrentRunOfOnePipelineIsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		holder, err := repository.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = holder.Close() }()
		release, err := holder.LockPipeline(context.Background(), "sales_ingest", false)
		if err != nil {
			t.Fatal(err)
		}
		r := loader(t, env, "run", "sales_ingest")
		if r.code != 1 || !strings.Contains(errLine(t, r), "sales_ingest is being loaded by another process") {
			t.Fatalf("run while another holds the pipeline: %+v", r)
		}
		if runs := mustLoader(t, env, "runs", "--format", "json").stdout; strings.TrimSpace(runs) != "[]" {
			t.Fatalf("a refused run must leave no run row: %s", runs)
		}
		mustLoader(t, env, "run", "sales_transform") // other pipelines are not blocked
		go func() {
			time.Sleep(300 * time.Millisecond)
			release()
		}()
		if r := mustLoader(t, env, "run", "sales_ingest", "--wait"); !strings.Contains(r.stdout, "succeeded") {
			t.Fatalf("--wait: %q", r.stdout)
		}
	})
}
