package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/internal/dbtest"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		p    etl.Progress
		want string
	}{
		{etl.Progress{Pipeline: "p", Read: 500, Loaded: 490, Rejected: 10, Done: 50, Size: 100, Elapsed: 2 * time.Second},
			"p 500 rows, 490 loaded, 10 rejected, 250 rows/s [############------------]  50% ETA 2s   "},
		{etl.Progress{Pipeline: "q", Read: 10, Elapsed: time.Second}, "q 10 rows, 0 loaded, 0 rejected, 10 rows/s   "},
	}
	for _, tt := range tests {
		if got := progressLine(tt.p); got != tt.want {
			t.Errorf("progressLine = %q, want %q", got, tt.want)
		}
	}
}

// TestOutputOfEmptyListsAndProgress: an empty list is [] in JSON, and a
// progress log line carries a percentage only when the source's size is
// known, to one decimal.
func TestOutputOfEmptyListsAndProgress(t *testing.T) {
	env := demoEnv(t, dbtest.SQLite(t))
	if out := mustLoader(t, env, "report", "sales", "--format", "json").stdout; strings.TrimSpace(out) != "[]" {
		t.Errorf("report of an empty table: %q, want []", out)
	}
	ingest := mustLoader(t, env, "run", "sales_ingest")
	if !strings.Contains(ingest.stderr, `msg=progress`) || !percentShown.MatchString(ingest.stderr) {
		t.Errorf("file source progress lacks a one-decimal percent:\n%s", ingest.stderr)
	}
	transform := mustLoader(t, env, "run", "sales_transform")
	if strings.Contains(transform.stderr, "percent=") {
		t.Errorf("sql source (no size) progress shows a percent:\n%s", transform.stderr)
	}
	if out := mustLoader(t, env, "rejects", "1", "--format", "json").stdout; strings.TrimSpace(out) != "[]" {
		t.Errorf("rejects of a run without any: %q, want []", out)
	}
}

var percentShown = regexp.MustCompile(`percent=\d{1,3}(\.\d)?(\s|$)`)
