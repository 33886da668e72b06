package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
)

// caseResult is one case's figures. Rows per second count the N raw rows
// on both sides, so the ratio is reference seconds ÷ loader seconds.
type caseResult struct {
	Case                string    `json:"case"`
	Loader              string    `json:"loader"`
	Reference           string    `json:"reference"`
	ReferenceFrom       string    `json:"reference_from,omitempty"` // the case that measured the reference
	Rows                int       `json:"rows"`
	TargetRows          int64     `json:"target_rows"`
	LoaderSeconds       []float64 `json:"loader_seconds"`
	LoaderMedian        float64   `json:"loader_median_seconds"`
	LoaderRowsPerSec    float64   `json:"loader_rows_per_second"`
	ReferenceSeconds    []float64 `json:"reference_seconds"`
	ReferenceMedian     float64   `json:"reference_median_seconds"`
	ReferenceRowsPerSec float64   `json:"reference_rows_per_second"`
	Ratio               float64   `json:"ratio"`
	Target              float64   `json:"target"`
	Met                 bool      `json:"met"`
	PeakRSSKiB          []int64   `json:"loader_peak_rss_kib"`
	PeakRSSMB           float64   `json:"peak_rss_mb"`
	// PublishSeconds are the untimed fills of a broker's queue before each
	// run (rabbitmq_to_pg: the messages published with confirms).
	PublishSeconds    []float64 `json:"publish_seconds,omitempty"`
	PublishMedian     float64   `json:"publish_median_seconds,omitempty"`
	PublishRowsPerSec float64   `json:"publish_rows_per_second,omitempty"`
}

func newCaseResult(c benchCase, n int, targetRows int64) *caseResult {
	return &caseResult{
		Case: c.name, Loader: c.loaderCmd, Reference: c.reference,
		Rows: n, TargetRows: targetRows, Target: c.target,
	}
}

func (r *caseResult) addLoader(m measurement) {
	r.LoaderSeconds = append(r.LoaderSeconds, m.seconds)
	r.PeakRSSKiB = append(r.PeakRSSKiB, m.maxRSSKiB)
}

// finish computes the medians, rates and ratio; the peak RSS is the
// largest of the loader's runs.
func (r *caseResult) finish() {
	r.LoaderMedian = median(r.LoaderSeconds)
	r.ReferenceMedian = median(r.ReferenceSeconds)
	r.LoaderRowsPerSec = math.Round(float64(r.Rows) / r.LoaderMedian)
	r.ReferenceRowsPerSec = math.Round(float64(r.Rows) / r.ReferenceMedian)
	r.Ratio = math.Round(r.ReferenceMedian/r.LoaderMedian*1000) / 1000
	r.Met = r.Ratio >= r.Target
	r.PeakRSSMB = round1(mb(slices.Max(r.PeakRSSKiB)))
	if len(r.PublishSeconds) > 0 {
		r.PublishMedian = median(r.PublishSeconds)
		r.PublishRowsPerSec = math.Round(float64(r.Rows) / r.PublishMedian)
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

func mb(kib int64) float64 { return float64(kib) / 1024 }

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// printReport writes one line per case, then the RSS check.
func printReport(w io.Writer, rep *report) {
	fmt.Fprintf(w, "\n%s\n%d rows, runs per side: %d (medians), %s\n\n", rep.Machine, rep.N, rep.Runs, rep.Date)
	const row = "%-17s %9s %9s %13s %9s %11s %6s %6s %4s %12s\n"
	fmt.Fprintf(w, row, "case", "rows", "loader s", "loader rows/s", "ref s", "ref rows/s", "ratio", "target", "met", "peak RSS MB")
	for _, c := range rep.Cases {
		fmt.Fprintf(w, row, c.Case, strconv.Itoa(c.Rows),
			fmt.Sprintf("%.3f", c.LoaderMedian), fmt.Sprintf("%.0f", c.LoaderRowsPerSec),
			fmt.Sprintf("%.3f", c.ReferenceMedian), fmt.Sprintf("%.0f", c.ReferenceRowsPerSec),
			fmt.Sprintf("%.3f", c.Ratio), strconv.FormatFloat(c.Target, 'f', -1, 64), yesNo(c.Met), fmt.Sprintf("%.1f", c.PeakRSSMB))
	}
	if len(rep.Cases) == 0 {
		fmt.Fprintln(w, "(no case finished)")
	}
	for _, c := range rep.Cases {
		if len(c.PublishSeconds) > 0 {
			fmt.Fprintf(w, "%s: publishing the %d messages with confirms (untimed, before each run): median %.3f s, %.0f messages/s\n",
				c.Case, c.Rows, c.PublishMedian, c.PublishRowsPerSec)
		}
	}
	fmt.Fprintf(w, "\npeak RSS: the largest ru_maxrss of the loader's runs (limit %d MB); none can read below the bench's own peak, %.1f MB\n",
		rssLimitMB, rep.OwnPeakRSSMB)
	if r := rep.RSSCheck; r != nil {
		fmt.Fprintf(w, "\nrss check: %s at %d rows: %.1f s, peak RSS %.1f MB (limit %.0f MB): %s\n",
			r.Case, r.Rows, r.Seconds, r.PeakRSSMB, r.LimitMB, metOrNot(r.Met))
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func metOrNot(b bool) string {
	if b {
		return "met"
	}
	return "NOT met"
}

// writeJSON writes the report to path, if set.
func writeJSON(path string, rep *report) error {
	if path == "" {
		return nil
	}
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644) //nolint:gosec // G306: a report, meant to be read
}
