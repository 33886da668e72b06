package httpsource_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// pageBreak separates the pages of a kit content.
const pageBreak = "\n--\n"

// servePages serves the pages of content (split at pageBreak) at ?page=1,
// 2, …, and empty past the last, as JSON or NDJSON.
func servePages(t *testing.T, content string, ndjson bool) *httptest.Server {
	t.Helper()
	pages := strings.Split(content, pageBreak)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		body := `{"data":[]}`
		if ndjson {
			body = ""
		}
		if n >= 1 && n <= len(pages) {
			body = pages[n-1]
		}
		switch {
		case strings.HasPrefix(body, "<"):
			w.Header().Set("Content-Type", "text/html")
		case ndjson:
			w.Header().Set("Content-Type", "application/x-ndjson")
		default:
			w.Header().Set("Content-Type", "application/json")
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns a client with cfg, failing the test on error.
func newClient(t testing.TB, cfg httpclient.Config) *httpclient.Client {
	t.Helper()
	c, err := httpclient.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// kitKind is the http kind as the source kit sees it: pages by number,
// records at data (or NDJSON bodies).
func kitKind(ndjson bool, columns []string) sourcetest.Kind {
	return sourcetest.Kind{
		Input: func(t *testing.T, content string) sourcetest.New {
			srv := servePages(t, content, ndjson)
			cfg := httpsource.Config{URL: srv.URL + "/items", Records: "data", Columns: columns,
				Paginate: httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1}}}
			if ndjson {
				cfg.Records = ""
			}
			client := newClient(t, httpclient.Config{})
			return func() (etl.Source, error) { return httpsource.New(cfg, client, nil) }
		},
		Records: func(n int) string { return kitRecords(n, ndjson) },
		Edit:    func(content string) string { return strings.Replace(content, `{"id":1,`, `{"id":9,`, 1) },
		Resumable: []string{
			`{"data":[{"id":1,"v":"a"},5,{"id":2,"v":{"k":[1, 2]}}]}` + pageBreak + `{"data":[{"id":3,"x":1},{"id":4}]}` + pageBreak + `{"data":[{"id":5,"v":"é"}]}`,
			`{"data":[{"id":1}]}` + pageBreak + `{"data":["x","y"]}` + pageBreak + `{"data":[{"id":2},{"id":3}]}`,
		},
		Bad: []string{
			"<html><body>Oops</body></html>",
			`{"items":[]}`,
			`{"data":{"id":1}}`,
			`{"data":[1,2]}`,
			`{"data":[{"a":1},{"b":2}]}`,
			"{\"data\":[{\"a\":1},{\"a\":\"caf\xe9\"}]}",
			`{"data":[{"a":1},{"a":`,
			`{"data":[{"a":1}]}` + pageBreak + "<html><body>Oops</body></html>",
			`{"data":[{"a":1}]}` + pageBreak + `{"data":[{"a":1}],"x":`,
		},
		SharedLines: true,
	}
}

// kitRecords returns n records {"id":i,"v":"row i"}, 7 a page.
func kitRecords(n int, ndjson bool) string {
	var pages []string
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if ndjson {
			fmt.Fprintf(&b, "{\"id\":%d,\"v\":\"row %d\"}\n", i, i)
		} else {
			if b.Len() > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"id":%d,"v":"row %d"}`, i, i)
		}
		if i%7 == 0 || i == n {
			if ndjson {
				pages = append(pages, b.String())
			} else {
				pages = append(pages, `{"data":[`+b.String()+`]}`)
			}
			b.Reset()
		}
	}
	return strings.Join(pages, pageBreak)
}

func TestKit(t *testing.T) {
	t.Run("json", func(t *testing.T) { sourcetest.Run(t, kitKind(false, nil)) })
	t.Run("given columns", func(t *testing.T) {
		k := kitKind(false, []string{"id", "v"})
		k.Bad = slices.DeleteFunc(k.Bad, func(c string) bool { return strings.Contains(c, `{"b":2}`) }) // other keys are ignored
		sourcetest.Run(t, k)
	})
	t.Run("ndjson", func(t *testing.T) {
		k := kitKind(true, nil)
		k.Resumable = []string{"{\"id\":1}\n\n{\"id\":2}\n" + pageBreak + "5\n{\"id\":3}\n" + pageBreak + "{\"id\":4}\n"}
		k.Bad = []string{"<html>\n</html>", "{\"a\":1}\n{\"a\" 2}\n", "{\"a\":1}\n" + pageBreak + "{\"a\":"}
		sourcetest.Run(t, k)
	})
}
