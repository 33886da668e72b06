package main

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/demoapi"
)

// The secrets of the tests below, given to the loader as ${ENV} values.
const (
	testBearer = "tok-Zq9wXbearer77"
	testAPIKey = "key-Qx7vKapikey55"
)

// echoServer fails every request with 500 and an HTML page echoing the
// request's Authorization header and query, as some broken proxies do.
func echoServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = fmt.Fprintf(w, "<html><body><h1>500</h1><p>Authorization: %s</p><p>query: %s</p></body></html>",
			html.EscapeString(r.Header.Get("Authorization")), html.EscapeString(r.URL.RawQuery))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// keyGate serves the demo API (no token of its own) to requests whose
// api_key query parameter is testAPIKey.
func keyGate(t *testing.T, api *demoapi.API) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("api_key") != testAPIKey {
			http.Error(w, "bad key", http.StatusUnauthorized)
			return
		}
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestHTTPSecretsAppearNowhere: a bearer token and an API key in the query,
// both ${ENV} values of the pipeline file, against a server that fails
// echoing them and then against APIs whose orders are partly rejected:
// neither appears in the output, load_runs, load_state or load_rejects.
func TestHTTPSecretsAppearNowhere(t *testing.T) {
	auths := map[string]string{
		"bearer":        "bearer: ${API_TOKEN}",
		"api_key query": `api_key: {name: api_key, value: "${API_KEY}", in: query}`,
	}
	for name, auth := range auths {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, dbURL string) {
				api, err := demoapi.New(demoapi.Config{Token: testBearer, Records: 500, PageSize: 100, Flaws: true})
				if err != nil {
					t.Fatal(err)
				}
				good := httptest.NewServer(api)
				t.Cleanup(good.Close)
				if name != "bearer" {
					open, _ := demoapi.New(demoapi.Config{Records: 500, PageSize: 100, Flaws: true})
					good = keyGate(t, open)
				}
				env := fileEnv(t, dbURL, apiPipeline{url: echoServer(t).URL + "/v1/orders", auth: auth}.file(t))
				env["API_TOKEN"], env["API_KEY"] = testBearer, testAPIKey
				r := loader(t, env, "run", "orders_api")
				if line := errLine(t, r); r.code != 1 || !strings.Contains(line, "500") {
					t.Fatalf("exit %d, %q: want the 500 named", r.code, line)
				}
				noSecret(t, "the failed run's output", r.stdout+r.stderr)
				t.Logf("failed run: %s", errLine(t, r))

				env["LOADER_PIPELINES"] = apiPipeline{url: good.URL + "/v1/orders", auth: auth}.file(t) + "/pipelines.yaml"
				r = loader(t, env, "run", "orders_api")
				if r.code != 0 || !strings.Contains(r.stdout, "4 rejected") {
					t.Fatalf("exit %d, %q: want a run with 4 rejects\n%s", r.code, r.stdout, r.stderr)
				}
				noSecret(t, "the run's output", r.stdout+r.stderr)
				noSecret(t, "loader rejects", mustLoader(t, env, "rejects", "2", "--format", "json").stdout)
				noSecretInBookkeeping(t, dbURL)
			})
		})
	}
}

// noSecret fails the test if text holds a secret, as it is or encoded.
func noSecret(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range []string{testBearer, testAPIKey} {
		for _, form := range []string{s, url.QueryEscape(s), s[4:12]} {
			if strings.Contains(text, form) {
				t.Fatalf("%s holds the secret %q: %s", what, form, text)
			}
		}
	}
}

// noSecretInBookkeeping checks every text the loader keeps about runs.
func noSecretInBookkeeping(t *testing.T, dbURL string) {
	t.Helper()
	s := openStore(t, dbURL)
	for what, q := range map[string]string{
		"load_runs":    "SELECT * FROM load_runs",
		"load_state":   "SELECT * FROM load_state",
		"load_rejects": "SELECT * FROM load_rejects",
	} {
		rows := query(t, s, q, fixNullText)
		if len(rows) == 0 && what != "load_runs" {
			t.Fatalf("%s is empty: nothing was checked", what)
		}
		noSecret(t, what, strings.Join(rows, "\n"))
	}
}
