package httpsource_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
)

// changes is an API of records ordered by updated_at that returns those
// at or after ?since= (inclusive, as many APIs do), two a page.
type changes struct {
	mu   sync.Mutex
	recs []string // {"id":…,"updated_at":…}
}

func (c *changes) add(id, at string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recs = append(c.recs, fmt.Sprintf(`{"id":%q,"updated_at":%s}`, id, at))
}

func (c *changes) handle(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	since := r.URL.Query().Get("since")
	var out []string
	for _, rec := range c.recs {
		at := rec[strings.Index(rec, `"updated_at":`)+len(`"updated_at":`) : len(rec)-1]
		if since == "" || strings.Trim(at, `"`) >= since {
			out = append(out, rec)
		}
	}
	writeJSON(w, `{"data":`+slice(out, (query(r, "page", 1)-1)*2, 2)+`}`)
}

// incrementalSource reads c incrementally by updated_at.
func incrementalSource(t *testing.T, a *api, inc httpsource.Incremental, mode etl.Mode) *httpsource.Source {
	inc.Field, inc.Param = "updated_at", "since"
	return source(t, httpsource.Config{URL: a.URL + "/changes", Records: "data", Mode: mode, Cursor: &inc,
		Paginate: httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1, Size: 2}}})
}

// An inclusive `since` API returns the records at the mark again: the
// next run skips those it loaded and keeps a new one that shares their
// value; a run with nothing new reads nothing.
func TestIncrementalBoundary(t *testing.T) {
	c := &changes{}
	c.add("a", `"2024-01-01T10:00:00Z"`)
	c.add("b", `"2024-01-02T10:00:00Z"`)
	c.add("c", `"2024-01-02T10:00:00Z"`)
	a := serve(t, c.handle)
	ids, cp, err := readIDs(t, incrementalSource(t, a, httpsource.Incremental{}, etl.Append), etl.Checkpoint{}, -1)
	if err != nil || strings.Join(ids, ",") != "a,b,c" {
		t.Fatalf("run 1: %v %v", ids, err)
	}
	c.add("d", `"2024-01-02T10:00:00Z"`) // written after run 1, at its mark
	c.add("e", `"2024-01-03T10:00:00Z"`)
	ids, cp, err = readIDs(t, incrementalSource(t, a, httpsource.Incremental{}, etl.Append), cp, -1)
	if err != nil || strings.Join(ids, ",") != "d,e" || cp.Records != 5 {
		t.Fatalf("run 2: %v %v %+v", ids, err, cp)
	}
	ids, cp, err = readIDs(t, incrementalSource(t, a, httpsource.Incremental{}, etl.Append), cp, -1)
	if err != nil || len(ids) != 0 || cp.Records != 5 {
		t.Fatalf("run 3: %v %v %+v", ids, err, cp)
	}
	want := []string{"", "page=2", "since=2024-01-02T10%3A00%3A00Z", "page=2&since=2024-01-02T10%3A00%3A00Z",
		"page=3&since=2024-01-02T10%3A00%3A00Z", "since=2024-01-03T10%3A00%3A00Z"}
	if got := pagesOnly(a.queries()); !reflect.DeepEqual(got, want) {
		t.Errorf("requests\n %q\nwant %q", got, want)
	}
}

// pagesOnly drops the page size parameter and page=1 from queries.
func pagesOnly(qs []string) []string {
	var out []string
	for _, q := range qs {
		var keep []string
		for _, kv := range strings.Split(q, "&") {
			if kv != "page=1" && !strings.HasPrefix(kv, "per_page") {
				keep = append(keep, kv)
			}
		}
		out = append(out, strings.Join(keep, "&"))
	}
	return out
}

// A run stopped in the middle of an incremental load resumes with the
// same since and the same filter.
func TestIncrementalResume(t *testing.T) {
	c := &changes{}
	for i, at := range []string{"1", "2", "2", "3"} {
		c.add(fmt.Sprint("r", i), at)
	}
	a := serve(t, c.handle)
	inc := httpsource.Incremental{Initial: "2"}
	_, done, err := readIDs(t, incrementalSource(t, a, inc, etl.Append), etl.Checkpoint{}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.queries()[0]; got != "page=1&since=2" {
		t.Errorf("first run asked for %q, want the initial value", got)
	}
	c.add("r4", "3")
	c.add("r5", "4")
	c.add("r6", "5")
	all, _, err := readIDs(t, incrementalSource(t, a, inc, etl.Append), done, -1)
	if err != nil || strings.Join(all, ",") != "r4,r5,r6" {
		t.Fatalf("run 2: %v %v", all, err)
	}
	for k := range len(all) + 1 {
		first, cp, err := readIDs(t, incrementalSource(t, a, inc, etl.Append), done, k)
		if err != nil {
			t.Fatal(err)
		}
		rest, _, err := readIDs(t, incrementalSource(t, a, inc, etl.Append), cp, -1)
		if err != nil || !reflect.DeepEqual(append(first, rest...), all) {
			t.Errorf("after %d: %v then %v, %v", k, first, rest, err)
		}
	}
}

// With a lag, the next run asks from the mark minus the lag, written as
// the API writes its values, and filters nothing (the upsert absorbs the
// overlap).
func TestIncrementalLag(t *testing.T) {
	tests := []struct {
		name, lag, first, second, since string
	}{
		{"duration", "90s", `"2024-01-01 10:00:00.250"`, `"2024-01-01 10:00:30.250"`, "2024-01-01 09:59:00.250"},
		{"zone", "1h", `"2024-03-01T10:00:00+02:00"`, `"2024-03-01T11:00:00+02:00"`, "2024-03-01T10:00:00+02:00"},
		{"date", "48h", `"2024-03-01"`, `"2024-03-02"`, "2024-02-29"},
		{"number", "10", `95`, `99`, "89"},
		{"decimal", "0.5", `"2.5"`, `"2.75"`, "2.25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &changes{}
			c.add("a", tt.first)
			c.add("b", tt.second)
			a := serve(t, c.handle)
			inc := httpsource.Incremental{Lag: tt.lag}
			_, cp, err := readIDs(t, incrementalSource(t, a, inc, etl.Upsert), etl.Checkpoint{}, -1)
			if err != nil {
				t.Fatal(err)
			}
			ids, _, err := readIDs(t, incrementalSource(t, a, inc, etl.Upsert), cp, -1)
			if err != nil {
				t.Fatal(err)
			}
			if got := a.queries()[2]; got != "page=1&since="+queryEscape(tt.since) {
				t.Errorf("run 2 asked for %q, want since=%s", got, tt.since)
			}
			if strings.Join(ids, ",") != "a,b" {
				t.Errorf("run 2 read %v", ids)
			}
		})
	}
}

// A lag re-reads loaded records: only an upsert pipeline takes it; a lag
// of the wrong kind for the values fails the run.
func TestIncrementalSettings(t *testing.T) {
	c := &changes{}
	c.add("a", `"2024-01-01T10:00:00Z"`)
	a := serve(t, c.handle)
	for _, mode := range []etl.Mode{etl.Append, etl.Replace} {
		_, err := httpsource.New(httpsource.Config{URL: a.URL, Mode: mode,
			Cursor: &httpsource.Incremental{Field: "updated_at", Param: "since", Lag: "5m"}}, newClient(t, httpsourceClient), nil)
		if err == nil || !strings.Contains(err.Error(), "cursor.lag re-reads records already loaded; use mode: upsert with keys so they replace themselves") {
			t.Errorf("%s: %v", mode, err)
		}
	}
	_, _, err := readIDs(t, incrementalSource(t, a, httpsource.Incremental{Lag: "10"}, etl.Upsert), etl.Checkpoint{}, -1)
	if err == nil || !strings.Contains(err.Error(), "cursor.lag: 10 is a number, but updated_at holds time values") {
		t.Errorf("a numeric lag on times: %v", err)
	}
}

// A record without the cursor field, with null, or with a value of
// another kind is a reject; the others load.
func TestIncrementalRejects(t *testing.T) {
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if query(r, "page", 1) > 1 {
			writeJSON(w, `{"data":[]}`)
			return
		}
		writeJSON(w, `{"data":[{"id":"a","updated_at":"2024-01-01"},{"id":"b"},{"id":"c","updated_at":null},{"id":"d","updated_at":7},{"id":"e","updated_at":"2024-01-02"}]}`)
	})
	ids, cp, err := readIDs(t, incrementalSource(t, a, httpsource.Incremental{}, etl.Append), etl.Checkpoint{}, -1)
	want := []string{"a", "reject: record 2: no value for the cursor field updated_at", "reject: record 3: no value for the cursor field updated_at",
		`reject: record 4: the cursor field updated_at holds a number "7", but its earlier values are times`, "e"}
	if err != nil || !reflect.DeepEqual(ids, want) {
		t.Errorf("read %q, %v", ids, err)
	}
	if !strings.Contains(cp.Cursor, `"max":"2024-01-02"`) {
		t.Errorf("checkpoint %s", cp.Cursor)
	}
}
