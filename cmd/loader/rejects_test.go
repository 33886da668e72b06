package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// writeFiles writes name → content into a new directory and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fileEnv migrates url and points the CLI at the pipelines.yaml in dir.
func fileEnv(t *testing.T, url, dir string) map[string]string {
	t.Helper()
	env := map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": filepath.Join(dir, "pipelines.yaml")}
	mustLoader(t, env, "migrate", "up")
	return env
}

// storedReject is one element of `loader rejects --format json`, its
// record compacted.
type storedReject struct {
	Position string          `json:"position"`
	Reason   string          `json:"reason"`
	Record   json.RawMessage `json:"record"`
}

func rejectsJSON(t *testing.T, env map[string]string, args ...string) []storedReject {
	t.Helper()
	out := mustLoader(t, env, append(append([]string{"rejects"}, args...), "--format", "json")...).stdout
	var rs []storedReject
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("rejects json %q: %v", out, err)
	}
	for i := range rs {
		var b bytes.Buffer
		if err := json.Compact(&b, rs[i].Record); err != nil {
			t.Fatal(err)
		}
		rs[i].Record = b.Bytes()
	}
	return rs
}

const rejectsPipeline = `pipelines:
  amounts:
    source:
      csv: {path: in.csv}
    target: sales_data
    steps:
      - validate: {column: sales_amount, max: 5}
`

// TestRejectsShowFieldsInSourceOrderAndHowManyMore: rejects show the
// record's fields in the source's order (not alphabetically), cut long
// values in the table only, say how many more there are past --limit
// (0: all), print JSON as an array of objects and CSV with the union of
// the field names; a dry run says how many more it found too.
func TestRejectsShowFieldsInSourceOrderAndHowManyMore(t *testing.T) {
	long := strings.Repeat("x", 60)
	lines := []string{"sales_amount,order_id,customer", "1,OK," + long}
	for i := range 12 {
		lines = append(lines, fmt.Sprintf("10,A%d,%s", i, long))
	}
	lines = append(lines, "2,B,c,extra") // four fields: a reject with column_4
	dir := writeFiles(t, map[string]string{"pipelines.yaml": rejectsPipeline, "in.csv": strings.Join(lines, "\n") + "\n"})
	dbtest.Each(t, func(t *testing.T, url string) {
		env := fileEnv(t, url, dir)
		dry := mustLoader(t, env, "run", "amounts", "--dry-run").stdout
		if !strings.Contains(dry, "13 rejected") || !strings.Contains(dry, "… 3 more rejects: a dry run stores none") {
			t.Errorf("dry run:\n%s", dry)
		}
		run := mustLoader(t, env, "run", "amounts").stdout
		id := regexp.MustCompile(`run (\d+) of amounts succeeded: 14 read, 1 loaded, 13 rejected`).FindStringSubmatch(run)
		if id == nil {
			t.Fatalf("run: %q", run)
		}
		table := mustLoader(t, env, "rejects", id[1], "--limit", "5").stdout
		rows := strings.Split(strings.TrimSpace(table), "\n")
		if len(rows) != 7 || rows[6] != "… 8 more rejects: loader rejects "+id[1]+" --limit 0" {
			t.Errorf("table with --limit 5 (header, 5 rows, the rest):\n%s", table)
		}
		if want := "sales_amount=10, order_id=A0, customer=" + strings.Repeat("x", 39) + "…"; !strings.Contains(rows[1], want) {
			t.Errorf("first reject %q lacks %q", rows[1], want)
		}
		all := mustLoader(t, env, "rejects", id[1], "--limit", "0").stdout
		if n := strings.Count(all, "\nline "); n != 13 || strings.Contains(all, "more") {
			t.Errorf("--limit 0 shows %d rejects:\n%s", n, all)
		}
		rs := rejectsJSON(t, env, id[1], "--limit", "0")
		wantFirst := `{"sales_amount":"10","order_id":"A0","customer":"` + long + `"}`
		if len(rs) != 13 || string(rs[0].Record) != wantFirst || rs[0].Position != "line 3" || !strings.Contains(rs[0].Reason, "sales_amount") {
			t.Fatalf("json rejects: %s, want first record %s", describeRejects(rs), wantFirst)
		}
		if last := string(rs[12].Record); last != `{"sales_amount":"2","order_id":"B","customer":"c","column_4":"extra"}` {
			t.Errorf("reject of a row with four fields: %s", last)
		}
		recs, err := csv.NewReader(strings.NewReader(mustLoader(t, env, "rejects", id[1], "--format", "csv").stdout)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if h := strings.Join(recs[0], ","); h != "position,reason,sales_amount,order_id,customer,column_4" || len(recs) != 14 {
			t.Fatalf("csv: header %q, %d rows", h, len(recs))
		}
		if r := recs[1]; r[2] != "10" || r[4] != long || r[5] != "" || recs[13][5] != "extra" {
			t.Errorf("csv rows: %q … %q", r, recs[13])
		}
		if r := loader(t, env, "rejects", id[1], "--format", "xml"); r.code != 2 {
			t.Errorf("--format xml: exit %d", r.code)
		}
	})
}

// TestJSONRejectsKeepTheRecordAsItWas: a JSON or NDJSON source with
// columns: stores a rejected record as the object the file holds, its
// keys in the file's order and nested values as JSON, whether the source
// rejected it (an unexpected field, no object at all) or a step did.
func TestJSONRejectsKeepTheRecordAsItWas(t *testing.T) {
	objects := []string{
		`{"order_id": "A", "quantity": "1"}`,
		`{"order_id": "B", "delay": {"delay": 1, "why": ["late"]}}`,
		`{"quantity": "9", "order_id": "C", "customer": {"n": 1}}`,
		`["not", "an object"]`,
	}
	want := []string{`{"order_id":"B","delay":{"delay":1,"why":["late"]}}`, `{"quantity":"9","order_id":"C","customer":{"n":1}}`, `["not","an object"]`}
	pipelines := `pipelines:
  p:
    source:
      json: {path: FILE, columns: [order_id, customer, quantity]}
    target: sales_data
    steps:
      - validate: {column: quantity, max: 5}
`
	files := map[string]struct{ body, line string }{ // line: where B is
		"array.json":   {"[\n" + strings.Join(objects, ",\n") + "\n]\n", "line 3"},
		"lines.ndjson": {strings.Join(objects, "\n") + "\n", "line 2"},
	}
	for file, f := range files {
		t.Run(file, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"pipelines.yaml": strings.Replace(pipelines, "FILE", file, 1), file: f.body})
			dbtest.Each(t, func(t *testing.T, url string) {
				env := fileEnv(t, url, dir)
				if out := mustLoader(t, env, "run", "p").stdout; !strings.Contains(out, "4 read, 1 loaded, 3 rejected") {
					t.Fatalf("run: %q", out)
				}
				rs := rejectsJSON(t, env, "1")
				if len(rs) != 3 || string(rs[0].Record) != want[0] || string(rs[1].Record) != want[1] || string(rs[2].Record) != want[2] {
					t.Fatalf("rejects %s, want records %q", describeRejects(rs), want)
				}
				if !strings.Contains(rs[0].Reason, `unexpected field "delay"`) || rs[0].Position != f.line {
					t.Errorf("first reject: %s", describeRejects(rs[:1]))
				}
				table := mustLoader(t, env, "rejects", "1").stdout
				if !strings.Contains(table, `order_id=B, delay={"delay":1,"why":["late"]}`) || !strings.Contains(table, `record=["not","an object"]`) {
					t.Errorf("table:\n%s", table)
				}
			})
		})
	}
}

func describeRejects(rs []storedReject) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%s: %s: %s", r.Position, r.Reason, r.Record)
	}
	return fmt.Sprintf("%d [%s]", len(rs), strings.Join(parts, "; "))
}
