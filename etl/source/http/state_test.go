package httpsource_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	srcreg "github.com/warehouse-loader/loader/etl/source"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// factoryWith builds an append http source from settings YAML whose
// ${NAME} values are secrets.
func factoryWith(t *testing.T, settings string, secrets ...string) etl.Source {
	t.Helper()
	f, _ := srcreg.Lookup("http")
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(settings), &n); err != nil {
		t.Fatal(err)
	}
	src, closeFn, err := f(context.Background(), srcreg.Params{Settings: n.Content[0], Mode: etl.Append, Secrets: secrets})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeFn)
	t.Cleanup(func() { _ = src.Close() })
	return src
}

// ${NAME} values that are no credential (the port of the host, a date,
// a tenant) are stored as they are: the checkpoint is valid JSON holding
// the real mark and URL, and the identity names the host.
func TestStateNotRedacted(t *testing.T) {
	c := &changes{}
	c.add("a", `"2024-01-01T10:00:00Z"`)
	c.add("b", `"2024-01-02T10:00:00Z"`)
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, `{"data":[`+strings.Join(c.recs, ",")+`],"next":"`+a0(r)+`"}`)
	})
	port := a.URL[strings.LastIndex(a.URL, ":")+1:]
	settings := "{url: " + a.URL + "/changes, params: {region: orders}, records: data, paginate: {next_url: next}, auth: {bearer: tok-123}," +
		" cursor: {field: updated_at, param: since, initial: \"2024-01-01T10:00:00Z\"}}"
	src := factoryWith(t, settings, port, "T10:00:00Z", "orders", "tok-123")
	_, cp, err := readIDs(t, src, etl.Checkpoint{}, -1)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(cp.Cursor), &st); err != nil || strings.Contains(cp.Cursor, "***") ||
		!strings.Contains(cp.Cursor, `"max":"2024-01-02T10:00:00Z"`) {
		t.Errorf("checkpoint %s (%v)", cp.Cursor, err)
	}
	if want := "http:GET " + a.URL + "/changes?region=#"; !strings.HasPrefix(src.Identity(), want) {
		t.Errorf("identity %s, want it to start %s", src.Identity(), want)
	}
	if err := src.(etl.Failer).Err(); err != nil {
		t.Errorf("Err: %v", err)
	}
}

// a0 is an empty next URL: one page.
func a0(*http.Request) string { return "" }

// An API that puts a credential — the bearer token, or a token sent in
// headers: — in another parameter of its next URL fails the batch
// (etl.Failer) with one line naming the parameter; the checkpoint
// returned does not hold it.
func TestCredentialInNextURL(t *testing.T) {
	tests := []struct{ name, token, setting string }{
		{"bearer", "b3arer-t0ken", "auth: {bearer: %s}"},
		{"header", "h3ad3r-t0ken", "headers: {X-Auth: \"Token %s\"}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := serve(t, func(w http.ResponseWriter, r *http.Request) {
				p := query(r, "p", 1)
				writeJSON(w, fmt.Sprintf(`{"data":%s,"next":"items?p=%d&sig=%s"}`, slice(items(4), (p-1)*2, 2), p+1, tt.token))
			})
			src := factoryWith(t, "{url: "+a.URL+"/items, records: data, paginate: {next_url: next}, "+fmt.Sprintf(tt.setting, tt.token)+"}", tt.token)
			_, cp, err := readIDs(t, src, etl.Checkpoint{}, 2)
			if err != nil {
				t.Fatal(err)
			}
			want := "page 1: the API put a credential in its next page's URL (parameter sig); the checkpoint cannot store it: declare that parameter with auth: {api_key: {name: sig, in: query, …}}"
			if err := src.(etl.Failer).Err(); err == nil || err.Error() != want {
				t.Errorf("Err: %v, want %s", err, want)
			}
			if strings.Contains(cp.Cursor, tt.token) {
				t.Errorf("checkpoint %s", cp.Cursor)
			}
		})
	}
}

// A secret parameter counts in the identity as a hash of its value: a
// pipeline pointed at another tenant is another source.
func TestIdentitySecretParams(t *testing.T) {
	id := func(tenant string) string {
		return factoryWith(t, "{url: https://api.example.com/v1/orders, params: {tenant: "+tenant+", status: open}}", tenant).Identity()
	}
	acme, other := id("acme"), id("other")
	if acme == other || strings.Contains(acme, "acme") ||
		!regexp.MustCompile(`^http:GET https://api\.example\.com/v1/orders\?status=open&tenant=#[0-9a-f]{12} records $`).MatchString(acme) {
		t.Errorf("identities %q and %q", acme, other)
	}
}

// A checkpoint taken tracking another cursor field is refused.
func TestCursorFieldChanged(t *testing.T) {
	c := &changes{}
	c.add("a", `"2024-01-01T10:00:00Z"`)
	a := serve(t, c.handle)
	_, done, err := readIDs(t, incrementalSource(t, a, httpsource.Incremental{}, etl.Append), etl.Checkpoint{}, -1)
	if err != nil || !strings.Contains(done.Cursor, `"field":"updated_at"`) {
		t.Fatalf("%v, checkpoint %s", err, done.Cursor)
	}
	src := source(t, httpsource.Config{URL: a.URL, Records: "data", Mode: etl.Append, Cursor: &httpsource.Incremental{Field: "modified", Param: "since"}})
	_, _, err = readIDs(t, src, done, -1)
	if !errors.Is(err, etl.ErrSourceChanged) || !strings.Contains(err.Error(), `"updated_at"`) || !strings.Contains(err.Error(), `"modified"`) {
		t.Errorf("err %v", err)
	}
}

// A run resumed at a stored page token the API refuses says the token
// may have expired.
func TestResumedTokenRefused(t *testing.T) {
	var refuse atomic.Bool
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		c := r.URL.Query().Get("c")
		if c != "" && refuse.Load() {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		from, next := 0, "c2"
		if c != "" {
			from, next = 2, ""
		}
		writeJSON(w, fmt.Sprintf(`{"data":%s,"next":%q}`, slice(items(4), from, 2), next))
	})
	cfg := httpsource.Config{URL: a.URL, Records: "data", Paginate: httpsource.Paginate{Cursor: &httpsource.CursorPages{Path: "next", Param: "c"}}}
	_, cp, err := readIDs(t, source(t, cfg), etl.Checkpoint{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	refuse.Store(true)
	_, _, err = readIDs(t, source(t, cfg), cp, -1)
	var se *httpclient.StatusError
	if !errors.As(err, &se) || !strings.HasSuffix(err.Error(), "400 Bad Request (the run resumed at a page its checkpoint stored; if the API's page tokens expire, run it with --full-refresh or loader reset)") {
		t.Errorf("err %v", err)
	}
}

// A secret parameter's short value that the hashes of a checkpoint
// happen to spell (hexadecimal digits) does not fail the batch.
func TestShortSecretNotInHashes(t *testing.T) {
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		p := query(r, "p", 1)
		next := ""
		if p < 3 {
			next = fmt.Sprintf("items?p=%d", p+1)
		}
		writeJSON(w, fmt.Sprintf(`{"data":[{"id":%d}],"next":%q}`, p, next))
	})
	read := func(value string) (etl.Source, etl.Checkpoint) {
		src := factoryWith(t, "{url: "+a.URL+"/items, params: {tenant: \""+value+"\"}, records: data, paginate: {next_url: next}}", value)
		_, cp, err := readIDs(t, src, etl.Checkpoint{}, -1)
		if err != nil {
			t.Fatal(err)
		}
		return src, cp
	}
	_, cp := read("zzzz")
	var st struct {
		Seen []string `json:"seen"`
	}
	if err := json.Unmarshal([]byte(cp.Cursor), &st); err != nil || len(st.Seen) == 0 {
		t.Fatalf("checkpoint %s: %v", cp.Cursor, err)
	}
	hex := st.Seen[0][:4] // the secret parameter is not in the stored URLs: the same hashes again
	src, cp := read(hex)
	if err := src.(etl.Failer).Err(); err != nil || !strings.Contains(cp.Cursor, hex) {
		t.Errorf("Err: %v; checkpoint %s", err, cp.Cursor)
	}
}

// The first page of a resumed run refused: 400, 404 and 410 of a stored
// URL or token say the position may have expired; 401 and 403 keep the
// hint about auth:; offset and page numbers never say it.
func TestResumedRefusalHint(t *testing.T) {
	const expired = " (the run resumed at a page its checkpoint stored; if the API's page tokens expire, run it with --full-refresh or loader reset)"
	const auth = "; check auth: (the token, key or credentials, and the ${VAR} they come from)"
	tests := []struct {
		by     string
		status int
		want   string
	}{
		{"cursor", http.StatusGone, "410 Gone" + expired},
		{"cursor", http.StatusNotFound, "404 Not Found" + expired},
		{"cursor", http.StatusUnauthorized, "401 Unauthorized" + auth},
		{"cursor", http.StatusForbidden, "403 Forbidden" + auth},
		{"offset", http.StatusBadRequest, "400 Bad Request; check params:, headers: and body: against the API's documentation"},
	}
	for _, tt := range tests {
		var refuse atomic.Bool
		a := serve(t, func(w http.ResponseWriter, r *http.Request) {
			c, off := r.URL.Query().Get("c"), query(r, "offset", 0)
			if (c != "" || off > 0) && refuse.Load() {
				w.WriteHeader(tt.status)
				return
			}
			from, next := off, "c2"
			if c != "" {
				from, next = 2, ""
			}
			writeJSON(w, fmt.Sprintf(`{"data":%s,"next":%q}`, slice(items(4), from, 2), next))
		})
		cfg := httpsource.Config{URL: a.URL, Records: "data", Paginate: httpsource.Paginate{Cursor: &httpsource.CursorPages{Path: "next", Param: "c"}}}
		if tt.by == "offset" {
			cfg.Paginate = httpsource.Paginate{Offset: &httpsource.OffsetPages{Limit: 2}}
		}
		_, cp, err := readIDs(t, source(t, cfg), etl.Checkpoint{}, 3)
		if err != nil {
			t.Fatal(err)
		}
		refuse.Store(true)
		_, _, err = readIDs(t, source(t, cfg), cp, -1)
		var se *httpclient.StatusError
		if !errors.As(err, &se) || !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("%s %d: %v, want it to end %s", tt.by, tt.status, err, tt.want)
		}
	}
}
