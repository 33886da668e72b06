package httpsource_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
)

// Every kind of pagination reads every record once, in order, with the
// requests it should send and no more.
func TestPaginationKinds(t *testing.T) {
	for _, tt := range paginations(items(10)) {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.serve(t)
			ids, _, err := readIDs(t, tt.source(t, a), etl.Checkpoint{}, -1)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ids, seq(1, 10)) {
				t.Errorf("ids %v", ids)
			}
			if got := a.queries(); !reflect.DeepEqual(got, tt.queries) {
				t.Errorf("requests %q, want %q", got, tt.queries)
			}
		})
	}
}

// pagination is an API paginating one way, and the source reading it.
type pagination struct {
	name     string
	paginate httpsource.Paginate
	records  string
	handle   func(a *api) func(w http.ResponseWriter, r *http.Request)
	queries  []string
}

func (p pagination) serve(t *testing.T) *api {
	var a *api
	a = serve(t, func(w http.ResponseWriter, r *http.Request) { p.handle(a)(w, r) })
	return a
}

// source reads a; header, when given, is a name and a value sent with
// every request.
func (p pagination) source(t *testing.T, a *api, header ...string) *httpsource.Source {
	cfg := httpsource.Config{URL: a.URL + "/items", Params: map[string]string{"status": "open"},
		Records: p.records, Paginate: p.paginate}
	if len(header) == 2 {
		cfg.Headers = map[string]string{header[0]: header[1]}
	}
	return source(t, cfg)
}

// paginations returns an API of each kind of pagination serving recs in
// pages of 4, and the requests reading them takes.
func paginations(recs []string) []pagination {
	return []pagination{
		{"next_url absolute", httpsource.Paginate{NextURL: "links.next"}, "items", func(a *api) func(w http.ResponseWriter, r *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) {
				p := query(r, "p", 0)
				next := "null"
				if (p+1)*4 < len(recs) {
					next = fmt.Sprintf(`"%s/items?p=%d&status=open"`, a.URL, p+1)
				}
				writeJSON(w, fmt.Sprintf(`{"items":%s,"links":{"next":%s}}`, slice(recs, p*4, 4), next))
			}
		}, []string{"status=open", "p=1&status=open", "p=2&status=open"}},
		{"next_url relative", httpsource.Paginate{NextURL: "next"}, "data.items", func(*api) func(w http.ResponseWriter, r *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) {
				p := query(r, "p", 0)
				next := ""
				if (p+1)*4 < len(recs) {
					next = fmt.Sprintf("items?p=%d", p+1)
				}
				writeJSON(w, fmt.Sprintf(`{"data":{"items":%s},"next":%q}`, slice(recs, p*4, 4), next))
			}
		}, []string{"status=open", "p=1", "p=2"}},
		{"link header", httpsource.Paginate{LinkHeader: true}, "", func(*api) func(w http.ResponseWriter, r *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) {
				p := query(r, "p", 0)
				w.Header().Add("Link", `</items?p=0>; rel="first"`)
				if (p+1)*4 < len(recs) {
					w.Header().Add("Link", fmt.Sprintf(`</items?p=%d&status=open>; rel="next", </items?p=2>; rel="last"`, p+1))
				}
				writeJSON(w, slice(recs, p*4, 4))
			}
		}, []string{"status=open", "p=1&status=open", "p=2&status=open"}},
		{"cursor in body", httpsource.Paginate{Cursor: &httpsource.CursorPages{Path: "meta.next_cursor", Param: "cursor"}}, "data",
			cursorAPI(recs, func(w http.ResponseWriter, next, body string) {
				writeJSON(w, fmt.Sprintf(`{"data":%s,"meta":{"next_cursor":%q}}`, body, next))
			}), []string{"status=open", "cursor=c4&status=open", "cursor=c8&status=open"}},
		{"cursor in header", httpsource.Paginate{Cursor: &httpsource.CursorPages{Header: "X-Next-Cursor", Param: "after"}}, "data",
			cursorAPI(recs, func(w http.ResponseWriter, next, body string) {
				if next != "" {
					w.Header().Set("X-Next-Cursor", next)
				}
				writeJSON(w, fmt.Sprintf(`{"data":%s}`, body))
			}), []string{"status=open", "after=c4&status=open", "after=c8&status=open"}},
		{"offset and limit", httpsource.Paginate{Offset: &httpsource.OffsetPages{Limit: 4}}, "data", func(*api) func(w http.ResponseWriter, r *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, `{"data":`+slice(recs, query(r, "offset", 0), query(r, "limit", 100))+`}`)
			}
		}, []string{"limit=4&offset=0&status=open", "limit=4&offset=4&status=open", "limit=4&offset=8&status=open"}},
		{"page number", httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1, SizeParam: "per_page", Size: 4}}, "data", func(*api) func(w http.ResponseWriter, r *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) {
				size := query(r, "per_page", 30)
				writeJSON(w, `{"data":`+slice(recs, (query(r, "page", 1)-1)*size, size)+`}`)
			}
		}, []string{"page=1&per_page=4&status=open", "page=2&per_page=4&status=open", "page=3&per_page=4&status=open"}},
	}
}

// cursorAPI answers with pages of 4 records after the cursor "cN" (the
// first without one), and the next cursor unless the page is the last.
func cursorAPI(recs []string, write func(w http.ResponseWriter, next, body string)) func(*api) func(w http.ResponseWriter, r *http.Request) {
	return func(*api) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			from := 0
			for _, name := range []string{"cursor", "after"} {
				if c := r.URL.Query().Get(name); c != "" {
					from, _ = strconv.Atoi(strings.TrimPrefix(c, "c"))
				}
			}
			next := ""
			if from+4 < len(recs) {
				next = "c" + strconv.Itoa(from+4)
			}
			write(w, next, slice(recs, from, 4))
		}
	}
}

// Each stop rule ends the pagination, with the requests it takes.
func TestStopRules(t *testing.T) {
	recs := items(10)
	byPage := func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, `{"data":`+slice(recs, (query(r, "page", 1)-1)*3, 3)+`,"meta":{"total":10}}`)
	}
	var mu sync.Mutex
	sent := 0
	forever := func(w http.ResponseWriter, r *http.Request) { // always a full page (another) and a cursor
		mu.Lock()
		from := sent % 3 * 3
		sent++
		mu.Unlock()
		writeJSON(w, `{"data":`+slice(recs, from, 3)+`,"next":"same","more":true,"url":"/items?again"}`)
	}
	tests := []struct {
		name     string
		paginate httpsource.Paginate
		handle   func(w http.ResponseWriter, r *http.Request)
		ids      int
		requests int
	}{
		{"empty page", httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1}}, byPage, 10, 5},
		{"short page", httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1, Size: 3}}, byPage, 10, 4},
		{"total", httpsource.Paginate{Offset: &httpsource.OffsetPages{Limit: 5}, Total: "meta.total"}, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, `{"data":`+slice(recs, query(r, "offset", 0), 5)+`,"meta":{"total":10}}`)
		}, 10, 2},
		{"page total", httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 0, Size: 5}, Total: "meta.total"}, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, `{"data":`+slice(recs, query(r, "page", 0)*5, 5)+`,"meta":{"total":10}}`)
		}, 10, 2},
		{"has_more false", httpsource.Paginate{Cursor: &httpsource.CursorPages{Path: "next", Param: "c"}, HasMore: "more"}, func(w http.ResponseWriter, r *http.Request) {
			from := query(r, "c", 0)
			writeJSON(w, fmt.Sprintf(`{"data":%s,"next":"%d","more":%t}`, slice(recs, from, 4), from+4, from+4 < len(recs)))
		}, 10, 3},
		{"repeated cursor", httpsource.Paginate{Cursor: &httpsource.CursorPages{Path: "next", Param: "c"}}, forever, 6, 2},
		{"repeated next URL", httpsource.Paginate{NextURL: "url"}, forever, 6, 2},
		{"max_pages", httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1}, MaxPages: 3}, forever, 9, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu.Lock()
			sent = 0
			mu.Unlock()
			a := serve(t, tt.handle)
			src := source(t, httpsource.Config{URL: a.URL + "/items", Records: "data", Paginate: tt.paginate})
			ids, _, err := readIDs(t, src, etl.Checkpoint{}, -1)
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != tt.ids || len(a.queries()) != tt.requests {
				t.Errorf("read %d records with %d requests %q, want %d with %d", len(ids), len(a.queries()), a.queries(), tt.ids, tt.requests)
			}
		})
	}
}

// sourceMode is p.source for a pipeline of mode m.
func sourceMode(t *testing.T, p pagination, a *api, m etl.Mode) *httpsource.Source {
	return source(t, httpsource.Config{URL: a.URL + "/items", Params: map[string]string{"status": "open"},
		Records: p.records, Paginate: p.paginate, Mode: m})
}
