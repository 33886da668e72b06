package httpclient

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// keyOf records the API key each request to a server carried.
type keyOf struct {
	hits atomic.Int32
	key  atomic.Value // string
}

func (k *keyOf) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	k.hits.Add(1)
	k.key.Store(r.Header.Get("X-Api-Key"))
	_, _ = w.Write([]byte("landed"))
}

// redirector answers every request with a redirect to to.
func redirector(to string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, to, http.StatusTemporaryRedirect)
	})
}

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	const key = "k3y-of-the-api"
	other := &keyOf{}
	otherSrv := httptest.NewServer(other)
	defer otherSrv.Close()
	plain := httptest.NewServer(redirector(otherSrv.URL + "/landing?k=" + key))
	defer plain.Close()
	secure := httptest.NewTLSServer(redirector(otherSrv.URL + "/landing?k=" + key))
	defer secure.Close()
	tests := []struct{ name, url string }{
		{"another host", plain.URL + "/start"},
		{"https to http", secure.URL + "/start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, Config{
				Auth: Auth{APIKey: &APIKey{Name: "X-API-Key", Value: key}},
				TLS:  TLS{CAFile: caFile(t, secure)},
			})
			_, err := c.Do(t.Context(), Request{Method: http.MethodPost, URL: tt.url, Body: []byte("{}")})
			want := "POST " + tt.url + ": redirected to " + otherSrv.URL + "/landing?k=***: the loader does not follow redirects" +
				" to another host or from https to http, which would send the credentials there; set url: to the final address"
			if err == nil || err.Error() != want {
				t.Fatalf("error %v;\nwant %s", err, want)
			}
			if n := other.hits.Load(); n != 0 {
				t.Fatalf("the other host got %d requests (key %v)", n, other.key.Load())
			}
		})
	}
}

func TestRedirectOnTheSameHostIsFollowed(t *testing.T) {
	const key = "k3y-of-the-api"
	landing := &keyOf{}
	mux := http.NewServeMux()
	mux.Handle("/landing", landing)
	mux.Handle("/start", redirector("/landing"))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := mustNew(t, Config{Auth: Auth{APIKey: &APIKey{Name: "X-API-Key", Value: key}}})
	resp, err := get(t, c, srv.URL+"/start")
	if err != nil || string(resp.Body) != "landed" || resp.URL != srv.URL+"/landing" {
		t.Fatalf("got %+v, %v; want the landing page", resp, err)
	}
	if got := landing.key.Load(); got != key {
		t.Fatalf("the landing page got the key %v, want it", got)
	}
}

func TestRedirectLoopStopsAfterTen(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		http.Redirect(w, r, "/r/"+strconv.Itoa(int(n)), http.StatusFound)
	}))
	defer srv.Close()
	c := mustNew(t, Config{})
	useFakeClock(c)
	_, err := get(t, c, srv.URL+"/r/0")
	want := "GET " + srv.URL + "/r/0: stopped after 10 redirects, the last to " + srv.URL + "/r/10; set url: to the final address"
	if err == nil || err.Error() != want || hits.Load() != 10 {
		t.Fatalf("error %v after %d requests;\nwant %s after 10", err, hits.Load(), want)
	}
}

func TestRedirectAllowed(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{"http://api.example.com/a", "http://api.example.com/b", true},
		{"http://api.example.com/a", "http://API.example.com:80/b", true},
		{"https://api.example.com/a", "https://api.example.com:443/b", true},
		{"http://api.example.com/a", "https://api.example.com/b", true},
		{"http://api.example.com:8080/a", "https://api.example.com:8080/b", true},
		{"https://api.example.com/a", "http://api.example.com/b", false},
		{"https://api.example.com:8443/a", "http://api.example.com:8443/b", false},
		{"http://api.example.com/a", "http://other.example.com/b", false},
		{"http://api.example.com/a", "http://api.example.com:8080/b", false},
		{"http://api.example.com:8080/a", "https://api.example.com/b", false},
		{"https://api.example.com/a", "https://api.example.com.evil.test/b", false},
	}
	for _, tt := range tests {
		from, _ := url.Parse(tt.from)
		to, _ := url.Parse(tt.to)
		if got := redirectAllowed(from, to); got != tt.want {
			t.Errorf("redirectAllowed(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestTokenRedirectIsRefused(t *testing.T) {
	other := &keyOf{}
	otherSrv := httptest.NewServer(other)
	defer otherSrv.Close()
	tokenSrv := httptest.NewServer(redirector(otherSrv.URL + "/token"))
	defer tokenSrv.Close()
	c := mustNew(t, Config{Auth: Auth{OAuth2: &OAuth2{
		TokenURL: tokenSrv.URL + "/token", ClientID: "loader", ClientSecret: "cl1ent-s3cret", AuthStyle: "post",
	}}})
	useFakeClock(c)
	_, err := get(t, c, tokenSrv.URL+"/api")
	if err == nil || !strings.Contains(err.Error(), "getting an OAuth2 token from "+tokenSrv.URL+"/token: redirected to "+otherSrv.URL+"/token: ") {
		t.Fatalf("error %v; want the token redirect refused", err)
	}
	if n := other.hits.Load(); n != 0 {
		t.Fatalf("the other host got %d token requests", n)
	}
}
