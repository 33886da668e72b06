package httpsource_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
)

// A page that cannot be read fails the run with one line naming the page
// and its request, never a JSON decoder's "invalid character".
func TestBadPages(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		status                  int
		paginate                httpsource.Paginate
		want                    string
	}{
		{"html", "text/html", "<html><body>Oops</body></html>", 200, httpsource.Paginate{},
			"page 2 (GET %s/orders?page=2): the response is not JSON (Content-Type text/html): <html><body>Oops</body></html>"},
		{"no records path", "application/json", `{"items":[{"id":1}]}`, 200, httpsource.Paginate{},
			`page 2 (GET %s/orders?page=2): no array at data.items; set records: to the path of the records; the body starts: {"items":[{"id":1}]}`},
		{"records not an array", "application/json", `{"data":{"items":{"id":1}}}`, 200, httpsource.Paginate{},
			`page 2 (GET %s/orders?page=2): no array at data.items; set records: to the path of the records; the body starts: {"data":{"items":{"id":1}}}`},
		{"truncated", "application/json", `{"data":{"items":[{"id":1},{"id":`, 200, httpsource.Paginate{},
			`page 2 (GET %s/orders?page=2): the response is not JSON (Content-Type application/json): {"data":{"items":[{"id":1},{"id":`},
		{"status", "text/plain", "no such page", 404, httpsource.Paginate{},
			`page 2: GET %s/orders?page=2: 404 Not Found: no such page; check url:, method: and params:`},
		{"next URL", "application/json", `{"data":{"items":[{"id":2}]},"next":"ftp://files/x"}`, 200, httpsource.Paginate{NextURL: "next"},
			`page 2 (GET %s/orders?page=2): the next page's URL is not an http or https URL: ftp://files/x`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Query().Get("page") == "" {
					writeJSON(w, `{"data":{"items":[{"id":1}]},"next":"orders?page=2"}`)
					return
				}
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				_, _ = fmt.Fprint(w, tt.body)
			})
			paginate := httpsource.Paginate{NextURL: "next"}
			src := source(t, httpsource.Config{URL: a.URL + "/orders", Records: "data.items", Paginate: paginate})
			ids, cp, err := readIDs(t, src, etl.Checkpoint{}, -1)
			want := fmt.Sprintf(tt.want, a.URL)
			if err == nil || err.Error() != want || len(ids) != 1 {
				t.Errorf("read %v, then\n got %v\nwant %s", ids, err, want)
			}
			if cp.Records != 1 || strings.Contains(cp.Cursor, `"done"`) {
				t.Errorf("checkpoint %+v", cp)
			}
			var rec etl.Record
			if again := src.Next(t.Context(), &rec); again == nil || again.Error() != err.Error() {
				t.Errorf("Next after the error: %v", again)
			}
		})
	}
}

// Elements that are not objects, or not valid UTF-8, are rejects; the
// others load.
func TestRejectedElements(t *testing.T) {
	a := serve(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, "{\"data\":[{\"id\":1},5,\"x\",[1],{\"id\":\"caf\xe9\"},{\"id\":2,\"other\":1},{\"id\":3}]}")
	})
	ids, _, err := readIDs(t, source(t, httpsource.Config{URL: a.URL, Records: "data"}), etl.Checkpoint{}, -1)
	want := "1|reject: record 2: not a JSON object|reject: record 3: not a JSON object|reject: record 4: not a JSON object|" +
		"reject: record 5: not valid UTF-8|reject: record 6: unexpected field \"other\"|3"
	if err != nil || strings.Join(ids, "|") != want {
		t.Errorf("read %q, %v", strings.Join(ids, "|"), err)
	}
}
