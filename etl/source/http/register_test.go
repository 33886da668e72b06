package httpsource_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	srcreg "github.com/warehouse-loader/loader/etl/source"
)

// factory builds an http source from settings YAML.
func factory(t *testing.T, settings string, mode etl.Mode) (etl.Source, error) {
	t.Helper()
	f, ok := srcreg.Lookup("http")
	if !ok {
		t.Fatalf("http is not registered: %v", srcreg.Names())
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(settings), &n); err != nil {
		t.Fatal(err)
	}
	src, closeFn, err := f(context.Background(), srcreg.Params{Settings: n.Content[0], Mode: mode, Secrets: []string{"s3cr3t"}})
	if err == nil {
		t.Cleanup(closeFn)
		t.Cleanup(func() { _ = src.Close() })
	}
	return src, err
}

// The settings of a pipeline file: a POST with a JSON body, headers,
// params and page numbers.
func TestFactoryPost(t *testing.T) {
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || string(body) != `{"filter":{"state":"open"}}` ||
			r.Header.Get("Content-Type") != "application/json" || r.Header.Get("X-Api-Key") != "s3cr3t" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		writeJSON(w, `{"data":`+slice(items(5), (query(r, "page", 1)-1)*2, 2)+`}`)
	})
	src, err := factory(t, `
url: `+a.URL+`/search
method: post
params: {status: open}
headers: {Accept: application/json}
body: {filter: {state: open}}
records: data
columns: [id]
paginate: {page: {size: 2}}
auth: {api_key: {name: X-Api-Key, value: s3cr3t}}
timeout: 5s
`, etl.Append)
	if err != nil {
		t.Fatal(err)
	}
	ids, _, err := readIDs(t, src, etl.Checkpoint{}, -1)
	if err != nil || strings.Join(ids, ",") != "1,2,3,4,5" {
		t.Errorf("read %v, %v", ids, err)
	}
	if want := "http:POST " + a.URL + "/search?status=open body ee772e95666db11c records data"; src.Identity() != want {
		t.Errorf("identity %q, want %q", src.Identity(), want)
	}
}

// A parameter whose value is a ${NAME} secret, echoed by the API in its
// next URLs, stays out of the checkpoint and the identity, and a run
// resumed from that checkpoint still sends it.
func TestFactorySecretParams(t *testing.T) {
	var a *api
	a = serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("key") != "s3cr3t" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		p := query(r, "p", 1)
		next := ""
		if p < 3 {
			next = fmt.Sprintf("%s/items?key=s3cr3t&p=%d", a.URL, p+1)
		}
		writeJSON(w, fmt.Sprintf(`{"data":%s,"next":%q}`, slice(items(6), (p-1)*2, 2), next))
	})
	settings := "{url: " + a.URL + "/items, params: {key: s3cr3t}, records: data, paginate: {next_url: next}}"
	src, err := factory(t, settings, etl.Append)
	if err != nil {
		t.Fatal(err)
	}
	ids, cp, err := readIDs(t, src, etl.Checkpoint{}, 3)
	if err != nil || strings.Join(ids, ",") != "1,2,3" {
		t.Fatalf("read %v, %v", ids, err)
	}
	if strings.Contains(cp.Cursor, "s3cr3t") || strings.Contains(cp.Cursor, "***") || strings.Contains(src.Identity(), "s3cr3t") {
		t.Errorf("checkpoint %s, identity %s", cp.Cursor, src.Identity())
	}
	again, err := factory(t, settings, etl.Append)
	if err != nil {
		t.Fatal(err)
	}
	if ids, _, err = readIDs(t, again, cp, -1); err != nil || strings.Join(ids, ",") != "4,5,6" {
		t.Errorf("resumed: read %v, %v", ids, err)
	}
}

// Every settings error is one line naming the key and what to do.
func TestFactorySettingsErrors(t *testing.T) {
	tests := []struct {
		settings, want string
		mode           etl.Mode
	}{
		{"records: data", "url: missing; set the API's address", etl.Append},
		{"url: ftp://x/y", `url: "ftp://x/y" is not an http or https URL`, etl.Append},
		{"url: https://u:s3cr3t@x/y", "url: credentials in the URL (user:password@) are not sent; use auth: {basic:", etl.Append},
		{"{url: https://x, method: PUT}", `method: "PUT" is neither GET nor POST`, etl.Append},
		{"{url: https://x, body: {a: 1}}", "body: a GET request sends no body; set method: POST", etl.Append},
		{"{url: https://x, format: xml}", `format: "xml" is not auto, json or ndjson`, etl.Append},
		{"{url: https://x, paginate: {link_header: true, next_url: next}}", "paginate: [next_url link_header] are set; set exactly one of", etl.Append},
		{"{url: https://x, paginate: {max_pages: 3}}", "paginate: stop rules without a way to ask for the next page", etl.Append},
		{"{url: https://x, paginate: {page: {}, max_pages: 3}}", "paginate.max_pages: a replace run swaps in what it read, so pages past max_pages would never load; remove max_pages, or use mode: upsert or append", etl.Replace},
		{"{url: https://x, paginate: {cursor: {path: next}}}", "paginate.cursor.param: missing; set the query parameter the token is sent as", etl.Append},
		{"{url: https://x, paginate: {cursor: {path: a, header: b, param: c}}}", "paginate.cursor: set path (where the body holds the next token) or header", etl.Append},
		{"{url: https://x, paginate: {offset: {limit: -1}}}", "paginate.offset.limit: -1 is below 1", etl.Append},
		{"{url: https://x, paginate: {next_url: n, total: t}}", "paginate.total: only offset and page pagination stop at a total", etl.Append},
		{"{url: https://x, paginate: {page: {sise: 3}}}", `unknown key "sise" in paginate.page; valid keys: param, start, size_param, size`, etl.Append},
		{"{url: https://x, paginate: {nexturl: n}}", `unknown key "nexturl" in paginate; valid keys: next_url,`, etl.Append},
		{"{url: https://x, recods: data}", `unknown key "recods" in the http source; valid keys: url, method,`, etl.Append},
		{"{url: https://x, cursor: {param: since}}", "cursor.field: missing; set the record key", etl.Append},
		{"{url: https://x, cursor: {field: at}}", "cursor.param: missing", etl.Append},
		{"{url: https://x, cursor: {field: at, param: since, lag: soon}}", `cursor.lag: "soon" is neither a duration like 5m`, etl.Upsert},
		{"{url: https://x, cursor: {field: at, param: since, lag: 5m}}", "cursor.lag re-reads records already loaded; use mode: upsert with keys", etl.Append},
		{"{url: https://x, cursor: {field: at, param: since, lagg: 5m}}", `unknown key "lagg" in cursor`, etl.Upsert},
		{"{url: https://x, auth: {bearer: s3cr3t, basic: {user: u}}}", "auth: set one of bearer, basic, api_key and oauth2", etl.Append},
		{"{url: https://x, timeout: soon}", `timeout: "soon" is not a duration`, etl.Append},
	}
	for _, tt := range tests {
		_, err := factory(t, tt.settings, tt.mode)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: %v\nwant %q", tt.settings, err, tt.want)
		}
	}
}
