package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

type table struct{ w *tabwriter.Writer }

func newTable(out io.Writer, header ...string) *table {
	t := &table{w: tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) { fmt.Fprintln(t.w, strings.Join(cells, "\t")) }
func (t *table) flush() error        { return t.w.Flush() }

func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func checkFormat(format string, allowed ...string) error {
	for _, f := range allowed {
		if f == format {
			return nil
		}
	}
	return usagef("--format %q: use %s", format, strings.Join(allowed, " or "))
}

func (a *app) printRuns(format string, runs []models.LoadRun) error {
	if err := checkFormat(format, "table", "json"); err != nil {
		return err
	}
	if format == "json" {
		return a.printJSON(runs)
	}
	t := newTable(a.stdout, "ID", "PIPELINE", "STATUS", "STARTED", "SECONDS", "READ", "LOADED", "REJECTED", "ERROR")
	for _, r := range runs {
		secs, errText := "", ""
		if r.FinishedAt != nil {
			secs = strconv.FormatFloat(r.FinishedAt.Sub(r.StartedAt).Seconds(), 'f', 2, 64)
		}
		if r.Error != nil {
			errText = *r.Error
		}
		t.row(strconv.FormatInt(r.ID, 10), r.Pipeline, r.Status, r.StartedAt.UTC().Format(time.DateTime),
			secs, fmt.Sprint(r.RowsRead), fmt.Sprint(r.RowsLoaded), fmt.Sprint(r.RowsRejected), errText)
	}
	return t.flush()
}

func (a *app) printRejects(format string, rejects []models.LoadReject) error {
	if err := checkFormat(format, "table", "json"); err != nil {
		return err
	}
	if format == "json" {
		return a.printJSON(rejects)
	}
	t := newTable(a.stdout, "POSITION", "REASON", "RECORD")
	for _, r := range rejects {
		t.row(r.Position, r.Reason, r.Record)
	}
	return t.flush()
}

func (a *app) printSales(format string, stats []repository.CategoryStats) error {
	if err := checkFormat(format, "table", "json", "csv"); err != nil {
		return err
	}
	switch format {
	case "json":
		return a.printJSON(stats)
	case "csv":
		w := csv.NewWriter(a.stdout)
		_ = w.Write([]string{"sales_category", "count", "sum", "mean"})
		for _, s := range stats {
			_ = w.Write([]string{s.Category, fmt.Sprint(s.Count), s.Sum.StringFixed(2), s.Mean.StringFixed(2)})
		}
		w.Flush()
		return w.Error()
	}
	t := newTable(a.stdout, "SALES_CATEGORY", "COUNT", "SUM", "MEAN")
	for _, s := range stats {
		t.row(s.Category, fmt.Sprint(s.Count), s.Sum.StringFixed(2), s.Mean.StringFixed(2))
	}
	return t.flush()
}

// progress reports a run's progress: a line redrawn in place on a
// terminal, a structured log line per batch otherwise (the runner's own).
func (a *app) progress(r *etl.Runner) func() {
	if !isTerminal(a.stderr) {
		return func() {}
	}
	r.Progress = func(p etl.Progress) {
		rate := float64(p.Read) / max(p.Elapsed.Seconds(), 1e-9)
		line := fmt.Sprintf("\r%s: %d read, %d loaded, %d rejected, %.0f rows/s", p.Pipeline, p.Read, p.Loaded, p.Rejected, rate)
		if p.Size > 0 && p.Done > 0 {
			left := time.Duration(float64(p.Elapsed) * float64(p.Size-p.Done) / float64(p.Done))
			line += fmt.Sprintf(", %.0f%%, ETA %s", 100*float64(p.Done)/float64(p.Size), left.Round(time.Second))
		}
		fmt.Fprint(a.stderr, line+"   ")
	}
	return func() { fmt.Fprintln(a.stderr) }
}
