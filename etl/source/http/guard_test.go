package httpsource_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
)

// logged returns a logger at debug level writing into a buffer.
func logged() (*slog.Logger, *syncBuffer) {
	b := &syncBuffer{}
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// syncBuffer is a buffer safe for the reader goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// logSource builds a source over cfg logging into the buffer returned.
func logSource(t *testing.T, cfg httpsource.Config) (*httpsource.Source, *syncBuffer) {
	t.Helper()
	log, buf := logged()
	src, err := httpsource.New(cfg, newClient(t, httpsourceClient), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = src.Close() })
	return src, buf
}

// An API that ignores the offset, or clamps page numbers to its last
// page, answers with the same records again: the run fails naming the
// page and the parameter, also when it resumes right before that page.
func TestSameRecordsAgain(t *testing.T) {
	recs := items(12)
	ignoresOffset := serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, `{"data":`+slice(recs, 0, 4)+`}`) })
	_, _, err := readIDs(t, source(t, httpsource.Config{URL: ignoresOffset.URL, Records: "data",
		Paginate: httpsource.Paginate{Offset: &httpsource.OffsetPages{Limit: 4}}}), etl.Checkpoint{}, -1)
	want := `page 2 (GET ` + ignoresOffset.URL + `?limit=4&offset=4): the API answered with the same records as page 1: does it read paginate.offset.param "offset"? set the parameter it reads, or total:/has_more:`
	if err == nil || err.Error() != want {
		t.Errorf("offset ignored: %v, want %s", err, want)
	}

	clamps := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, `{"data":`+slice(recs, (min(query(r, "page", 1), 3)-1)*4, 4)+`}`)
	})
	cfg := httpsource.Config{URL: clamps.URL, Records: "data", Paginate: httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1, Size: 4}}}
	ids, cp, err := readIDs(t, source(t, cfg), etl.Checkpoint{}, 12)
	if err != nil || len(ids) != 12 {
		t.Fatalf("first run: %v, %v", ids, err)
	}
	ids, _, err = readIDs(t, source(t, cfg), cp, -1)
	if err == nil || len(ids) != 0 || !strings.Contains(err.Error(), "page 4 (GET ") ||
		!strings.Contains(err.Error(), `the same records as page 3: does it read paginate.page.param "page"?`) {
		t.Errorf("resumed before the clamped page: %v, %v", ids, err)
	}
}

// A next URL leading back to an earlier page (its query in another
// order) ends the pagination, also in a run resumed after that page was
// read by an earlier run.
func TestLoopGuardAcrossRuns(t *testing.T) {
	recs := items(9)
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		p := query(r, "p", 1)
		next := fmt.Sprintf("items?x=a&p=%d", p%3+1)
		writeJSON(w, fmt.Sprintf(`{"data":%s,"next":%q}`, slice(recs, (p-1)*3, 3), next))
	})
	cfg := httpsource.Config{URL: a.URL + "/items?x=a&p=1", Records: "data", Paginate: httpsource.Paginate{NextURL: "next"}}
	ids, _, err := readIDs(t, source(t, cfg), etl.Checkpoint{}, -1)
	if err != nil || strings.Join(ids, ",") != strings.Join(seq(1, 9), ",") {
		t.Fatalf("one run: %v, %v", ids, err)
	}
	first, cp, err := readIDs(t, source(t, cfg), etl.Checkpoint{}, 4)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Headers = map[string]string{"X-Run": "resumed"}
	rest, end, err := readIDs(t, source(t, cfg), cp, -1)
	if err != nil || len(first) != 4 || strings.Join(rest, ",") != strings.Join(seq(5, 9), ",") {
		t.Errorf("resumed: %v then %v, %v", first, rest, err)
	}
	if got := a.queries("X-Run", "resumed"); strings.Join(got, " ") != "x=a&p=2 x=a&p=3" || !strings.Contains(end.Cursor, `"done":true`) {
		t.Errorf("the resumed run asked for %q; checkpoint %s", got, end.Cursor)
	}
}

// A total that is not a number is ignored, with one warning: the
// pagination goes on to its end by the other rules.
func TestTotalNotANumber(t *testing.T) {
	recs := items(10)
	for _, total := range []string{"null", `"many"`, "{}"} {
		a := serve(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, `{"data":`+slice(recs, query(r, "offset", 0), 2)+`,"meta":{"total":`+total+`}}`)
		})
		src, log := logSource(t, httpsource.Config{URL: a.URL, Records: "data",
			Paginate: httpsource.Paginate{Offset: &httpsource.OffsetPages{Limit: 2}, Total: "meta.total"}})
		ids, _, err := readIDs(t, src, etl.Checkpoint{}, -1)
		if err != nil || len(ids) != 10 {
			t.Errorf("total %s: read %v, %v", total, ids, err)
		}
		want := "paginate.total: meta.total is not a number (" + total + "); ignored"
		if n := strings.Count(log.String(), "level=WARN"); n != 1 || !strings.Contains(log.String(), strings.ReplaceAll(want, `"`, `\"`)) {
			t.Errorf("total %s: %d warnings, want 1: %s", total, n, log)
		}
	}
}

// max_pages bounds one run: the next run goes on from the page after,
// until the API's end, in append mode too.
func TestMaxPagesPerRun(t *testing.T) {
	recs := items(10)
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, `{"data":`+slice(recs, (query(r, "page", 1)-1)*3, 3)+`}`)
	})
	cfg := httpsource.Config{URL: a.URL, Records: "data", Mode: etl.Append,
		Paginate: httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1, Size: 3}, MaxPages: 2}}
	var all []string
	cp := etl.Checkpoint{}
	for run := 1; run <= 3; run++ {
		src, log := logSource(t, cfg)
		ids, next, err := readIDs(t, src, cp, -1)
		if err != nil {
			t.Fatal(err)
		}
		all, cp = append(all, ids...), next
		if run == 1 && (!strings.Contains(log.String(), "stopped after max_pages 2 pages; the next run goes on from page 3") || strings.Contains(cp.Cursor, `"done"`)) {
			t.Errorf("run 1: checkpoint %s, log %s", cp.Cursor, log)
		}
	}
	if strings.Join(all, ",") != strings.Join(seq(1, 10), ",") || !strings.Contains(cp.Cursor, `"done":true`) {
		t.Errorf("three runs read %v; checkpoint %s", all, cp.Cursor)
	}
}

// A next token that is false, null, 0 or "" ends the pagination.
func TestCursorTokenEnds(t *testing.T) {
	recs := items(8)
	for _, last := range []string{"false", "null", "0", `""`} {
		a := serve(t, func(w http.ResponseWriter, r *http.Request) {
			from, next := 4, last
			if r.URL.Query().Get("c") == "" {
				from, next = 0, `"c4"`
			}
			writeJSON(w, fmt.Sprintf(`{"data":%s,"next":%s}`, slice(recs, from, 4), next))
		})
		ids, _, err := readIDs(t, source(t, httpsource.Config{URL: a.URL, Records: "data",
			Paginate: httpsource.Paginate{Cursor: &httpsource.CursorPages{Path: "next", Param: "c"}}}), etl.Checkpoint{}, -1)
		if err != nil || len(ids) != 8 || len(a.queries()) != 2 {
			t.Errorf("last token %s: read %v with %q, %v", last, ids, a.queries(), err)
		}
	}
}

// With has_more, an API that caps the page size below the one asked for
// is read to its end: a short page is not the last.
func TestCappedPageSize(t *testing.T) {
	recs := items(10)
	tests := []struct {
		name     string
		paginate httpsource.Paginate
		from     func(r *http.Request) int
	}{
		{"offset", httpsource.Paginate{Offset: &httpsource.OffsetPages{Limit: 5}, HasMore: "more"}, func(r *http.Request) int { return query(r, "offset", 0) }},
		{"page", httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1, SizeParam: "size", Size: 5}, HasMore: "more"}, func(r *http.Request) int { return (query(r, "page", 1) - 1) * 3 }},
	}
	for _, tt := range tests {
		a := serve(t, func(w http.ResponseWriter, r *http.Request) {
			from := tt.from(r)
			writeJSON(w, fmt.Sprintf(`{"data":%s,"more":%t}`, slice(recs, from, 3), from+3 < len(recs)))
		})
		ids, _, err := readIDs(t, source(t, httpsource.Config{URL: a.URL, Records: "data", Paginate: tt.paginate}), etl.Checkpoint{}, -1)
		if err != nil || strings.Join(ids, ",") != strings.Join(seq(1, 10), ",") {
			t.Errorf("%s: read %v, %v", tt.name, ids, err)
		}
	}
}

// Pages reached by a URL or a token may hold the records of the page
// before (heartbeats): they load, and the pagination ends at its end.
func TestRepeatedRecordsByURLOrToken(t *testing.T) {
	const beat = `[{"id":0,"name":"heartbeat"}]`
	byURL := serve(t, func(w http.ResponseWriter, r *http.Request) {
		next := ""
		if p := query(r, "p", 1); p < 3 {
			next = fmt.Sprintf("?p=%d", p+1)
		}
		writeJSON(w, fmt.Sprintf(`{"data":%s,"next":%q}`, beat, next))
	})
	byToken := serve(t, func(w http.ResponseWriter, r *http.Request) {
		next := ""
		if c := query(r, "c", 1); c < 3 {
			next = itoa(c + 1)
		}
		writeJSON(w, fmt.Sprintf(`{"data":%s,"next":%q}`, beat, next))
	})
	for name, cfg := range map[string]httpsource.Config{
		"next_url": {URL: byURL.URL, Records: "data", Paginate: httpsource.Paginate{NextURL: "next"}},
		"cursor":   {URL: byToken.URL, Records: "data", Paginate: httpsource.Paginate{Cursor: &httpsource.CursorPages{Path: "next", Param: "c"}}},
	} {
		if ids, _, err := readIDs(t, source(t, cfg), etl.Checkpoint{}, -1); err != nil || strings.Join(ids, ",") != "0,0,0" {
			t.Errorf("%s: %v, %v", name, ids, err)
		}
	}
}
