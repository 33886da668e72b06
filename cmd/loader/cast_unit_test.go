package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// epochPipeline loads the CSV file into transformed_sales_data, casting
// sold_at with the step sold, e.g. {column: sold_at, to: timestamp, unit: s}
// (line 10 of the file).
func epochPipeline(name, file, sold string) string {
	return "pipelines:\n  " + name + ":\n    source: {csv: {path: " + file + "}}\n" +
		"    target: transformed_sales_data\n    mode: upsert\n    keys: [order_id]\n    steps:\n" +
		"      - cast: {column: quantity, to: int}\n      - cast: {column: sales_amount, to: decimal, scale: 2}\n" +
		"      - cast: " + sold + "\n"
}

const epochHeader = "order_id,sold_at,customer,product,region,quantity,sales_amount,sales_category\n"

// TestCastUnitLoadsEpochNumbers: a cast with unit: s or ms stores epoch
// numbers as the UTC instants they count, to the millisecond, and an
// epoch number outside the years 1 to 9999 is one reject.
func TestCastUnitLoadsEpochNumbers(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("seconds.yaml", epochPipeline("epoch_s", "seconds.csv", "{column: sold_at, to: timestamp, unit: s}"))
	write("millis.yaml", epochPipeline("epoch_ms", "millis.csv", "{column: sold_at, to: timestamp, unit: ms}"))
	write("seconds.csv", epochHeader+
		"S-1,1700000000,C,Widget,East,1,10.00,Low\n"+
		"S-2,0,C,Widget,East,1,10.00,Low\n"+
		"S-3,-86400,C,Widget,East,1,10.00,Low\n"+
		"S-4,1700000000.5,C,Widget,East,1,10.00,Low\n"+
		"S-5,253402300800,C,Widget,East,1,10.00,Low\n")
	write("millis.csv", epochHeader+
		"M-1,1700000000123,C,Widget,East,1,10.00,Low\n"+
		"M-2,946684800000,C,Widget,East,1,10.00,Low\n"+
		"M-3,soon,C,Widget,East,1,10.00,Low\n")
	want := map[string]string{
		"S-1": "2023-11-14T22:13:20Z",
		"S-2": "1970-01-01T00:00:00Z",
		"S-3": "1969-12-31T00:00:00Z",
		"S-4": "2023-11-14T22:13:20.5Z",
		"M-1": "2023-11-14T22:13:20.123Z",
		"M-2": "2000-01-01T00:00:00Z",
	}
	dbtest.Each(t, func(t *testing.T, url string) {
		env := map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": filepath.Join(dir, "seconds.yaml")}
		mustLoader(t, env, "migrate", "up")
		if r := mustLoader(t, env, "run", "epoch_s"); !strings.Contains(r.stdout, "5 read, 4 loaded, 1 rejected") {
			t.Fatalf("epoch_s: %q", r.stdout)
		}
		env["LOADER_PIPELINES"] = filepath.Join(dir, "millis.yaml")
		if r := mustLoader(t, env, "run", "epoch_ms"); !strings.Contains(r.stdout, "3 read, 2 loaded, 1 rejected") {
			t.Fatalf("epoch_ms: %q", r.stdout)
		}
		got := soldAt(t, url)
		if len(got) != len(want) {
			t.Errorf("loaded %v, want %v", got, want)
		}
		for id, instant := range want {
			if got[id] != instant {
				t.Errorf("%s: sold_at %q, want %s", id, got[id], instant)
			}
		}
	})
}

// TestCastUnitWithFormatIsRefused: unit with format, or unit on a cast to
// date, stops the pipeline before it reads a row, naming the line.
func TestCastUnitWithFormatIsRefused(t *testing.T) {
	url := dbtest.SQLite(t)
	for _, tc := range []struct{ step, want string }{
		{"{column: sold_at, to: timestamp, unit: ms, format: \"2006-01-02\"}", "line 10: cast sold_at: set unit (epoch numbers) or format (text in a layout), not both"},
		{"{column: sold_at, to: date, unit: s}", "line 10: cast sold_at: unit does not apply to date (only to timestamp)"},
		{"{column: sold_at, to: timestamp, unit: minutes}", `line 10: cast sold_at: unit "minutes" is not one of s, ms, us, ns`},
	} {
		dir := t.TempDir()
		body := epochPipeline("epoch_s", "seconds.csv", tc.step)
		path := filepath.Join(dir, "pipelines.yaml")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "seconds.csv"), []byte(epochHeader), 0o600); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": path}
		mustLoader(t, env, "migrate", "up")
		r := loader(t, env, "run", "epoch_s")
		if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want a failure with %q", tc.step, r.code, r.stderr, tc.want)
		}
	}
}
