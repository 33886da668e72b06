package httpsource_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// With a bearer token, an API key in the query (echoed by the API in its
// next URLs and error pages) or a password, the identity, the checkpoint
// and every error hold no secret; the key is still sent with every
// request.
func TestNoSecretShown(t *testing.T) {
	const secret = "k3y-5ecret-value"
	tests := []struct {
		name string
		auth httpclient.Auth
		ok   func(r *http.Request) bool
	}{
		{"bearer", httpclient.Auth{Bearer: secret}, func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+secret }},
		{"api key in query", httpclient.Auth{APIKey: &httpclient.APIKey{Name: "api_key", Value: secret, In: "query"}},
			func(r *http.Request) bool {
				return r.URL.Query()["api_key"][0] == secret && len(r.URL.Query()["api_key"]) == 1
			}},
		{"basic", httpclient.Auth{Basic: &httpclient.Basic{User: "u", Password: secret}},
			func(r *http.Request) bool { _, p, _ := r.BasicAuth(); return p == secret }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a *api
			a = serve(t, func(w http.ResponseWriter, r *http.Request) {
				if !tt.ok(r) {
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				switch p := query(r, "p", 0); p {
				case 0, 1:
					writeJSON(w, fmt.Sprintf(`{"data":[{"id":%d}],"next":"%s/items?p=%d&api_key=%s"}`, p, a.URL, p+1, secret))
				default:
					w.WriteHeader(http.StatusBadRequest)
					_, _ = fmt.Fprintf(w, "bad request %s from %s", r.URL, secret)
				}
			})
			cfg := httpsource.Config{URL: a.URL + "/items?api_key=" + secret, Records: "data", Paginate: httpsource.Paginate{NextURL: "next"},
				SecretParams: []string{"api_key"}, Credentials: []string{secret}} // as the factory finds them
			src, err := httpsource.New(cfg, newClient(t, httpclient.Config{Auth: tt.auth}), nil)
			if err != nil {
				t.Fatal(err)
			}
			ids, cp, err := readIDs(t, src, etl.Checkpoint{}, 2)
			if err != nil || len(ids) != 2 {
				t.Fatalf("read %v, %v", ids, err)
			}
			_, _, err = readIDs(t, src, cp, -1)
			if err == nil || !strings.Contains(err.Error(), "page 3: GET") || !strings.Contains(err.Error(), "400 Bad Request") { // not 401: authenticated
				t.Fatalf("err %v", err)
			}
			for what, text := range map[string]string{"identity": src.Identity(), "cursor": cp.Cursor, "error": err.Error()} {
				if strings.Contains(text, secret) {
					t.Errorf("the %s shows the secret: %s", what, text)
				}
			}
		})
	}
}
