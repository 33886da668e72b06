package httpclient

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// echo answers 500 with what identifies the client: the secrets a server
// could echo back in an error page.
func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var parts []string
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, name+"="+v)
		}
	}
	add("auth", r.Header.Get("Authorization"))
	if _, pw, ok := r.BasicAuth(); ok {
		add("pass", pw)
	}
	add("key", r.Header.Get("X-Api-Key"))
	add("env", r.Header.Get("X-Env"))
	add("query", r.URL.RawQuery)
	add("body", string(body))
	http.Error(w, strings.Join(parts, " "), http.StatusInternalServerError)
}

func TestSecretsAreRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(echo))
	defer srv.Close()
	a := newAuthServer(t)
	userinfo, _ := url.Parse(srv.URL)
	userinfo.User = url.UserPassword("loader", "url-pa55")
	tests := []struct {
		name    string
		cfg     Config
		req     Request
		secrets func() []string // the values that must not show
	}{
		{"bearer", Config{Auth: Auth{Bearer: "tok-bearer-123"}}, Request{URL: srv.URL},
			fixed("tok-bearer-123")},
		{"basic password", Config{Auth: Auth{Basic: &Basic{User: "loader", Password: "pa$$ w/rd"}}}, Request{URL: srv.URL},
			fixed("pa$$ w/rd", basic("loader", "pa$$ w/rd"))},
		{"api key header", Config{Auth: Auth{APIKey: &APIKey{Name: "X-API-Key", Value: "key/with+special&chars"}}}, Request{URL: srv.URL},
			fixed("key/with+special&chars")},
		{"api key query", Config{Auth: Auth{APIKey: &APIKey{Name: "api_key", Value: "key/with+special&chars", In: "query"}}}, Request{URL: srv.URL},
			fixed("key/with+special&chars", url.QueryEscape("key/with+special&chars"))},
		{"client secret", Config{Auth: Auth{OAuth2: &OAuth2{TokenURL: srv.URL, ClientID: "loader", ClientSecret: "cl!ent s3cret/+", AuthStyle: "post"}}},
			Request{URL: srv.URL}, fixed("cl!ent s3cret/+", url.QueryEscape("cl!ent s3cret/+"))},
		{"client secret, basic", Config{Auth: Auth{OAuth2: &OAuth2{TokenURL: srv.URL, ClientID: "loader", ClientSecret: "cl!ent s3cret/+"}}},
			Request{URL: srv.URL}, fixed("cl!ent s3cret/+", basic("loader", url.QueryEscape("cl!ent s3cret/+")))},
		{"oauth2 access token", Config{
			Auth: Auth{OAuth2: &OAuth2{TokenURL: a.srv.URL + "/token", ClientID: clientID, ClientSecret: clientSecret}},
			TLS:  TLS{CAFile: caFile(t, a.srv)},
		}, Request{URL: a.srv.URL + "/echo"}, a.issued},
		{"secret of the environment", Config{Secrets: []string{"env-value-42"}},
			Request{URL: srv.URL + "/?token=env-value-42", Header: http.Header{"X-Env": {"env-value-42"}}}, fixed("env-value-42")},
		{"URL password", Config{}, Request{URL: userinfo.String()}, fixed("url-pa55", basic("loader", "url-pa55"))},
		{"URL password, no server", Config{}, Request{URL: "http://loader:url-pa55@127.0.0.1:1/"}, fixed("url-pa55")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, logs := captureLog()
			tt.cfg.Log, tt.cfg.Retry = log, Retry{Attempts: 2}
			c := mustNew(t, tt.cfg)
			useFakeClock(c)
			_, err := c.Do(context.Background(), tt.req)
			if err == nil {
				t.Fatal("the request succeeded")
			}
			for _, text := range []string{err.Error(), logs.String()} {
				if !strings.Contains(text, "***") {
					t.Errorf("nothing redacted in %s", text)
				}
				for _, s := range tt.secrets() {
					if strings.Contains(text, s) {
						t.Errorf("%q shows in %s", s, text)
					}
				}
			}
		})
	}
}

// basic is the credentials of an Authorization: Basic header.
func basic(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

// fixed returns the secrets given.
func fixed(s ...string) func() []string { return func() []string { return s } }

// issued returns the access tokens the authorization server issued.
func (a *authServer) issued() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.issuedTokens
}

func TestRedactText(t *testing.T) {
	c := mustNew(t, Config{Auth: Auth{Bearer: "abc"}, Secrets: []string{"a b", "", "xy"}})
	tests := []struct{ in, want string }{
		{"Bearer abc", "Bearer ***"},
		{"q=a+b and a%20b and a b", "q=*** and *** and ***"},
		{"xy is too short to be hidden", "xy is too short to be hidden"},
		{"https://user:pw@host/path and ftp://u:p@h", "https://user:***@host/path and ftp://u:***@h"},
		{"https://user@host/ has no password", "https://user@host/ has no password"},
	}
	for _, tt := range tests {
		if got := c.Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRedactJSONSpellings(t *testing.T) {
	const secret = `k<e>y&"/\x`
	c := mustNew(t, Config{Auth: Auth{APIKey: &APIKey{Name: "X-API-Key", Value: secret}}})
	tests := []string{
		`{"error":"bad key k\u003ce\u003ey\u0026\"/\\x"}`, // encoding/json
		`{"error":"bad key k<e>y&\"/\\x"}`,                // without HTML escaping
		`{"error":"bad key k<e>y&\"\/\\x"}`,               // with / escaped (PHP)
		`{"error":"bad key k\u003ce\u003ey\u0026\"\/\\x"}`,
	}
	for _, in := range tests {
		if got, want := c.Redact(in), `{"error":"bad key ***"}`; got != want {
			t.Errorf("Redact(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestSecretCutByTheSnippetIsRedacted(t *testing.T) {
	const secret = "a-secret-of-thirty-characters!"
	// The secret straddles the 200th byte, where the snippet ends.
	page := strings.Repeat("x", 190) + " " + secret + " " + strings.Repeat("y", 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := http.StatusInternalServerError
		if r.URL.Path == "/token" {
			code = http.StatusBadRequest
		}
		http.Error(w, page, code)
	}))
	defer srv.Close()
	tests := []struct {
		name string
		cfg  Config
	}{
		{"API error", Config{Secrets: []string{secret}}},
		{"token error", Config{Auth: Auth{OAuth2: &OAuth2{TokenURL: srv.URL + "/token", ClientID: "loader", ClientSecret: secret}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Retry = Retry{Attempts: 1}
			c := mustNew(t, tt.cfg)
			_, err := get(t, c, srv.URL+"/api")
			if err == nil || !strings.Contains(err.Error(), "xxx ***") {
				t.Fatalf("error %v; want the secret redacted", err)
			}
			if strings.Contains(err.Error(), secret[:8]) {
				t.Fatalf("the start of the secret shows in %s", err)
			}
		})
	}
}

func TestSnippetOfALongBody(t *testing.T) {
	long := strings.Repeat("z", 50_000) // a key file's content, say
	c := mustNew(t, Config{Secrets: []string{long}})
	// The second copy is cut where redaction stops.
	body := []byte(long + "a" + long)
	if got := c.redact.snippet(body); strings.Contains(got, "zzz") {
		t.Fatalf("snippet shows the secret cut at the end of the redacted window: %.80s", got)
	}
	if got, want := c.redact.snippet([]byte("ok "+long)), "ok ***"; got != want {
		t.Fatalf("snippet = %.80s, want %s", got, want)
	}
}
