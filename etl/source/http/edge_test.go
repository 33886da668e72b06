package httpsource_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
)

// sameMark serves n records sharing updated_at, on one page.
func sameMark(t *testing.T, n int) *api {
	recs := make([]string, n)
	for i := range recs {
		recs[i] = fmt.Sprintf(`{"id":%d,"updated_at":"2024-01-01"}`, i+1)
	}
	body := `{"data":[` + strings.Join(recs, ",") + `]}`
	return serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, body) })
}

// More records at the mark than the edge keeps: an append run fails its
// batch with one line (it could not resume exactly once); an upsert run
// stops tracking them and its next run filters none at the mark.
func TestEdgeCap(t *testing.T) {
	a := sameMark(t, 10001)
	cfg := func(m etl.Mode) httpsource.Config {
		return httpsource.Config{URL: a.URL, Records: "data", Mode: m, Cursor: &httpsource.Incremental{Field: "updated_at", Param: "since"}}
	}
	src := source(t, cfg(etl.Append))
	_, mid, err := readIDs(t, src, etl.Checkpoint{}, 10001)
	if err != nil || src.Err() != nil || !strings.Contains(mid.Cursor, `"edge_full":true`) {
		t.Fatalf("append, before the end: %v %v, checkpoint %.200s", err, src.Err(), mid.Cursor)
	}
	src = source(t, cfg(etl.Append))
	if ids, _, err := readIDs(t, src, mid, -1); err != nil || len(ids) != 0 {
		t.Fatal(ids, err)
	}
	want := "more than 10000 records share updated_at = 2024-01-01: the cursor field is too coarse to resume exactly once; use a finer field or mode: upsert"
	if err := src.Err(); err == nil || err.Error() != want {
		t.Errorf("append, at the end: %v, want %s", err, want)
	}
	up := source(t, cfg(etl.Upsert))
	_, done, err := readIDs(t, up, etl.Checkpoint{}, -1)
	if err != nil || up.Err() != nil || !strings.Contains(done.Cursor, `"edge_full":true`) || strings.Contains(done.Cursor, `"edge"`) {
		t.Fatalf("upsert: %v %v, checkpoint %.200s", err, up.Err(), done.Cursor)
	}
	ids, _, err := readIDs(t, source(t, cfg(etl.Upsert)), done, -1)
	if err != nil || len(ids) != 10001 {
		t.Errorf("upsert rerun: %d records, %v", len(ids), err)
	}
}

// The edge keeps up to 10000 records at the mark: an append rerun skips
// them all.
func TestEdgeAtTheCap(t *testing.T) {
	a := sameMark(t, 10000)
	cfg := httpsource.Config{URL: a.URL, Records: "data", Mode: etl.Append, Cursor: &httpsource.Incremental{Field: "updated_at", Param: "since"}}
	src := source(t, cfg)
	_, done, err := readIDs(t, src, etl.Checkpoint{}, -1)
	if err != nil || src.Err() != nil {
		t.Fatal(err, src.Err())
	}
	if ids, _, err := readIDs(t, source(t, cfg), done, -1); err != nil || len(ids) != 0 {
		t.Errorf("rerun: %d records, %v", len(ids), err)
	}
}

// More records at one value than the edge keeps, a value the run goes
// past later: an append run succeeds, also resumed mid-run, and its rerun
// skips what it loaded.
func TestEdgeOverflowPassed(t *testing.T) {
	recs := make([]string, 10002)
	for i := range recs {
		recs[i] = fmt.Sprintf(`{"id":%d,"updated_at":"2024-01-01"}`, i+1)
	}
	recs[10001] = `{"id":10002,"updated_at":"2024-01-02"}`
	body := `{"data":[` + strings.Join(recs, ",") + `]}`
	a := serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, body) })
	cfg := httpsource.Config{URL: a.URL, Records: "data", Mode: etl.Append, Cursor: &httpsource.Incremental{Field: "updated_at", Param: "since"}}
	src := source(t, cfg)
	_, mid, err := readIDs(t, src, etl.Checkpoint{}, 10001)
	if err != nil || src.Err() != nil {
		t.Fatal(err, src.Err())
	}
	src = source(t, cfg)
	ids, done, err := readIDs(t, src, mid, -1)
	if err != nil || src.Err() != nil || strings.Join(ids, ",") != "10002" ||
		!strings.Contains(done.Cursor, `"max":"2024-01-02"`) || strings.Contains(done.Cursor, "edge_full") {
		t.Fatalf("resumed: %v %v %v, checkpoint %.300s", ids, err, src.Err(), done.Cursor)
	}
	if ids, _, err := readIDs(t, source(t, cfg), done, -1); err != nil || len(ids) != 0 {
		t.Errorf("rerun: %v, %v", ids, err)
	}
}
