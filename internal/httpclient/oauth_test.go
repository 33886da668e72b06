package httpclient

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-oauth2/oauth2/v4"
	"github.com/go-oauth2/oauth2/v4/manage"
	"github.com/go-oauth2/oauth2/v4/models"
	"github.com/go-oauth2/oauth2/v4/server"
	"github.com/go-oauth2/oauth2/v4/store"
)

const (
	clientID     = "loader"
	clientSecret = "s3cretOfTheLoader"
)

// tokenRequest is what reached the authorization server's token endpoint.
type tokenRequest struct {
	form  url.Values
	basic bool // the client authenticated with HTTP basic
}

// authServer is a real OAuth2 authorization server (go-oauth2) and an API
// that accepts its bearer tokens, over TLS on one test server: /token,
// /api and /echo. The API refuses every token while refuse is set.
type authServer struct {
	srv     *httptest.Server
	manager *manage.Manager
	oauth   *server.Server

	mu       sync.Mutex
	tokenReq []tokenRequest
	apiHits  int
	bearer   string // the last token the API accepted
	refuse   bool
	// issuedTokens are the tokens that reached /echo, which answers 500
	// with what it received.
	issuedTokens []string
}

func newAuthServer(t *testing.T) *authServer {
	t.Helper()
	a := &authServer{manager: manage.NewDefaultManager()}
	a.manager.MustTokenStorage(store.NewMemoryTokenStore())
	clients := store.NewClientStore()
	if err := clients.Set(clientID, &models.Client{ID: clientID, Secret: clientSecret}); err != nil {
		t.Fatal(err)
	}
	a.manager.MapClientStorage(clients)
	a.oauth = server.NewDefaultServer(a.manager)
	a.oauth.SetAllowedGrantType(oauth2.ClientCredentials)
	a.oauth.SetClientInfoHandler(func(r *http.Request) (string, string, error) {
		if _, _, ok := r.BasicAuth(); ok {
			return server.ClientBasicHandler(r)
		}
		return server.ClientFormHandler(r)
	})
	mux := http.NewServeMux()
	mux.HandleFunc("/token", a.token)
	mux.HandleFunc("/api", a.api)
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.issuedTokens = append(a.issuedTokens, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		a.mu.Unlock()
		echo(w, r)
	})
	a.srv = httptest.NewTLSServer(mux)
	t.Cleanup(a.srv.Close)
	return a
}

func (a *authServer) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	_, _, basic := r.BasicAuth()
	a.mu.Lock()
	a.tokenReq = append(a.tokenReq, tokenRequest{form: r.PostForm, basic: basic})
	a.mu.Unlock()
	_ = a.oauth.HandleTokenRequest(w, r)
}

func (a *authServer) api(w http.ResponseWriter, r *http.Request) {
	ti, err := a.oauth.ValidationBearerToken(r)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.apiHits++
	if err != nil || a.refuse {
		http.Error(w, "invalid token", http.StatusUnauthorized)
		return
	}
	a.bearer = ti.GetAccess()
	_, _ = w.Write([]byte(`{"scope":"` + ti.GetScope() + `"}`))
}

// counts returns the token requests and API requests received.
func (a *authServer) counts() (tokens, api int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.tokenReq), a.apiHits
}

func (a *authServer) client(t *testing.T, o OAuth2) *Client {
	t.Helper()
	o.TokenURL = a.srv.URL + "/token"
	if o.ClientID == "" {
		o.ClientID = clientID
	}
	return mustNew(t, Config{Auth: Auth{OAuth2: &o}, TLS: TLS{CAFile: caFile(t, a.srv)}})
}

func TestOAuth2AuthStyles(t *testing.T) {
	tests := []struct {
		style     string
		wantBasic bool
	}{{"", true}, {"basic", true}, {"post", false}}
	for _, tt := range tests {
		t.Run("auth_style="+tt.style, func(t *testing.T) {
			a := newAuthServer(t)
			c := a.client(t, OAuth2{
				ClientSecret: clientSecret, AuthStyle: tt.style, Scopes: []string{"read:sales", "read:stock"},
				Params: map[string]string{"audience": "https://api.example.com"},
			})
			resp, err := get(t, c, a.srv.URL+"/api")
			if err != nil {
				t.Fatal(err)
			}
			if got := string(resp.Body); got != `{"scope":"read:sales read:stock"}` {
				t.Errorf("API saw %s", got)
			}
			req := a.tokenReq[0]
			if req.basic != tt.wantBasic {
				t.Errorf("basic authentication %v, want %v", req.basic, tt.wantBasic)
			}
			if inForm := req.form.Get("client_secret") != ""; inForm == tt.wantBasic {
				t.Errorf("client_secret in the form: %v with basic %v", inForm, tt.wantBasic)
			}
			want := map[string]string{"grant_type": "client_credentials", "scope": "read:sales read:stock", "audience": "https://api.example.com"}
			for k, v := range want {
				if got := req.form.Get(k); got != v {
					t.Errorf("token request %s=%q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestOAuth2TokenCachedAndRefreshedOn401(t *testing.T) {
	tests := []struct {
		name string
		// invalidate makes the server refuse the token the client holds.
		invalidate func(t *testing.T, a *authServer)
	}{
		{"revoked", func(t *testing.T, a *authServer) {
			if err := a.manager.RemoveAccessToken(t.Context(), a.bearer); err != nil {
				t.Fatal(err)
			}
		}},
		{"expired", func(t *testing.T, a *authServer) {
			// The store forgets an expired token, or the manager calls it expired.
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				if _, err := a.manager.LoadAccessToken(t.Context(), a.bearer); err != nil {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Fatal("the token did not expire")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAuthServer(t)
			if tt.name == "expired" {
				// Tokens last a second, and the server does not tell.
				a.manager.SetClientTokenCfg(&manage.Config{AccessTokenExp: time.Second})
				a.oauth.SetResponseTokenHandler(withoutExpiry)
			}
			c := a.client(t, OAuth2{ClientSecret: clientSecret})
			for range 2 {
				if _, err := get(t, c, a.srv.URL+"/api"); err != nil {
					t.Fatal(err)
				}
			}
			if tokens, api := a.counts(); tokens != 1 || api != 2 {
				t.Fatalf("%d token requests, %d API requests; want the token reused: 1, 2", tokens, api)
			}
			tt.invalidate(t, a)
			old := a.bearer
			if _, err := get(t, c, a.srv.URL+"/api"); err != nil {
				t.Fatalf("after the token was %s: %v", tt.name, err)
			}
			if tokens, api := a.counts(); tokens != 2 || api != 4 || a.bearer == old {
				t.Fatalf("%d token requests, %d API requests (new token %v); want 2, 4, true", tokens, api, a.bearer != old)
			}
		})
	}
}

// withoutExpiry writes a token response without expires_in.
func withoutExpiry(w http.ResponseWriter, data map[string]any, _ http.Header, status ...int) error {
	delete(data, "expires_in")
	w.Header().Set("Content-Type", "application/json")
	if len(status) > 0 {
		w.WriteHeader(status[0])
	}
	return json.NewEncoder(w).Encode(data)
}

func TestOAuth2Persistent401(t *testing.T) {
	a := newAuthServer(t)
	a.refuse = true
	c := a.client(t, OAuth2{ClientSecret: clientSecret})
	_, err := get(t, c, a.srv.URL+"/api")
	var se *StatusError
	if !errors.As(err, &se) || se.Status != http.StatusUnauthorized {
		t.Fatalf("error %v; want a *StatusError 401", err)
	}
	if tokens, api := a.counts(); tokens != 2 || api != 2 {
		t.Fatalf("%d token requests, %d API requests; want one refresh: 2, 2", tokens, api)
	}
}

func TestOAuth2WrongSecret(t *testing.T) {
	const wrong = "not-the-s3cret"
	for _, style := range []string{"basic", "post"} {
		t.Run(style, func(t *testing.T) {
			a := newAuthServer(t)
			c := a.client(t, OAuth2{ClientSecret: wrong, AuthStyle: style})
			_, err := get(t, c, a.srv.URL+"/api")
			if err == nil {
				t.Fatal("a wrong client secret was accepted")
			}
			msg := err.Error()
			want := "getting an OAuth2 token from " + a.srv.URL + "/token: 401 Unauthorized: "
			if !strings.HasPrefix(msg, want) || !strings.Contains(msg, "invalid_client") || !strings.Contains(msg, "client_secret") {
				t.Errorf("error %q; want it to start %q and name invalid_client", msg, want)
			}
			if strings.Contains(msg, wrong) {
				t.Errorf("the error shows the client secret: %s", msg)
			}
			if tokens, api := a.counts(); tokens != 1 || api != 0 {
				t.Errorf("%d token requests, %d API requests; want 1, 0 (not retried)", tokens, api)
			}
		})
	}
}

func TestOAuth2ConcurrentRequestsShareOneToken(t *testing.T) {
	a := newAuthServer(t)
	c := a.client(t, OAuth2{ClientSecret: clientSecret})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := get(t, c, a.srv.URL+"/api")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if tokens, api := a.counts(); tokens != 1 || api != 8 {
		t.Fatalf("%d token requests, %d API requests; want 1, 8", tokens, api)
	}
}
