package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/report"
)

// The output formats of --format.
const (
	formatTable = "table"
	formatJSON  = "json"
	formatCSV   = "csv"
)

type table struct{ w *tabwriter.Writer }

func newTable(out io.Writer, header ...string) *table {
	t := &table{w: tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) { fmt.Fprintln(t.w, strings.Join(cells, "\t")) }
func (t *table) flush() error        { return t.w.Flush() }

// printJSON writes v indented; an empty list is [] (never null).
func (a *app) printJSON(v any) error { return report.WriteJSON(a.stdout, v) }

func checkFormat(format string, allowed ...string) error {
	for _, f := range allowed {
		if f == format {
			return nil
		}
	}
	return usagef("--format %q: use %s", format, strings.Join(allowed, " or "))
}

func (a *app) printRuns(format string, runs []models.LoadRun) error {
	if err := checkFormat(format, formatTable, formatJSON); err != nil {
		return err
	}
	if format == formatJSON {
		return a.printJSON(runs)
	}
	t := newTable(a.stdout, "ID", "PIPELINE", "STATUS", "STARTED", "SECONDS", "READ", "LOADED", "REJECTED", "DROPPED", "ERROR", "HOOK ERROR")
	for _, r := range runs {
		secs := ""
		if r.FinishedAt != nil {
			secs = strconv.FormatFloat(r.FinishedAt.Sub(r.StartedAt).Seconds(), 'f', 2, 64)
		}
		t.row(strconv.FormatInt(r.ID, 10), r.Pipeline, r.Status, r.StartedAt.UTC().Format(time.DateTime),
			secs, fmt.Sprint(r.RowsRead), fmt.Sprint(r.RowsLoaded), fmt.Sprint(r.RowsRejected), fmt.Sprint(r.RowsDropped),
			deref(r.Error), deref(r.HookError))
	}
	return t.flush()
}

// printRejects shows a run's rejects; total is how many the run has.
func (a *app) printRejects(format string, rejects []models.LoadReject, total, runID int64) error {
	shown := report.RejectsOf(rejects)
	if total == 0 && format == formatTable {
		_, err := fmt.Fprintf(a.stdout, "run %d rejected no record\n", runID)
		return err
	}
	if err := a.writeRejects(format, shown); err != nil {
		return err
	}
	how := fmt.Sprintf("loader rejects %d --limit 0", runID)
	if format != formatTable {
		how += " --format " + format
	}
	a.moreRejects(format, total-int64(len(rejects)), how)
	return nil
}

func (a *app) printSales(format string, stats []report.CategoryStats) error {
	if err := checkFormat(format, formatTable, formatJSON, formatCSV); err != nil {
		return err
	}
	switch format {
	case formatJSON:
		return a.printJSON(stats)
	case formatCSV:
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

// progress reports a run's progress: a bar redrawn in place on a
// terminal (rows, rows/s, ETA when the source's size is known), a
// structured log line at most every logEvery otherwise.
func (a *app) progress(r *etl.Runner) func() {
	if !isTerminal(a.stderr) {
		var last time.Time
		r.Progress = func(p etl.Progress) {
			if time.Since(last) < logEvery {
				return
			}
			last = time.Now()
			attrs := []any{"pipeline", p.Pipeline, "read", p.Read, "loaded", p.Loaded, "rejected", p.Rejected, "rows_per_second", int64(rate(p))}
			if pc := percent(p); pc >= 0 { // unknown for sources without a size
				attrs = append(attrs, "percent", math.Round(pc*10)/10)
			}
			a.log.Info("progress", attrs...)
		}
		return func() {}
	}
	r.Progress = func(p etl.Progress) { fmt.Fprint(a.stderr, "\r"+progressLine(p)) }
	return func() { fmt.Fprintln(a.stderr) }
}

// logEvery spaces progress log lines when stderr is not a terminal.
const logEvery = 5 * time.Second

func rate(p etl.Progress) float64 { return float64(p.Read) / max(p.Elapsed.Seconds(), 1e-9) }

func percent(p etl.Progress) float64 {
	if p.Size <= 0 {
		return -1
	}
	return min(100, 100*float64(p.Done)/float64(p.Size))
}

// progressLine renders "name [#####-----]  45% 1234 rows 5678 rows/s ETA 3s".
func progressLine(p etl.Progress) string {
	line := fmt.Sprintf("%s %d rows, %d loaded, %d rejected, %.0f rows/s", p.Pipeline, p.Read, p.Loaded, p.Rejected, rate(p))
	pc := percent(p)
	if pc < 0 {
		return line + "   "
	}
	const width = 24
	done := int(pc / 100 * width)
	bar := strings.Repeat("#", done) + strings.Repeat("-", width-done)
	eta := "?"
	if p.Done > 0 {
		eta = time.Duration(float64(p.Elapsed) * float64(p.Size-p.Done) / float64(p.Done)).Round(time.Second).String()
	}
	return fmt.Sprintf("%s [%s] %3.0f%% ETA %s   ", line, bar, pc, eta)
}

// deref returns *s, or "" when s is nil.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
