package httpclient

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestTokenAnswerThatIsNotAToken(t *testing.T) {
	const secret = "s3cret-in-the-page"
	tests := []struct {
		name, contentType, body, want string
	}{
		{"a login page", "text/html; charset=utf-8", "<html>\n<body>Sign in: " + secret + "</body></html>",
			"the answer is not an OAuth2 token (Content-Type text/html; charset=utf-8): <html> <body>Sign in: ***</body></html>; check token_url"},
		{"JSON without a token", "application/json", `{"status":"ok"}`,
			`the answer is not an OAuth2 token (Content-Type application/json): {"status":"ok"}; check token_url`},
		{"no Content-Type", "", "hello",
			"the answer is not an OAuth2 token (no Content-Type): hello; check token_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				n.Add(1)
				w.Header()["Content-Type"] = []string{tt.contentType}
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c := mustNew(t, Config{Auth: Auth{OAuth2: &OAuth2{TokenURL: srv.URL + "/login", ClientID: "loader", ClientSecret: secret}}})
			useFakeClock(c)
			_, err := get(t, c, srv.URL+"/api")
			want := "getting an OAuth2 token from " + srv.URL + "/login: " + tt.want
			if err == nil || err.Error() != want {
				t.Fatalf("error %v;\nwant %s", err, want)
			}
			if calls := n.Load(); calls != 1 {
				t.Fatalf("%d token requests, want 1 (not retried)", calls)
			}
		})
	}
}

func TestMalformedResponseIsNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		writeRaw(w, "SSH-2.0-OpenSSH_9.6\r\n\r\n")
	}))
	defer srv.Close()
	c := mustNew(t, Config{})
	useFakeClock(c)
	_, err := get(t, c, srv.URL)
	if err == nil || !strings.HasPrefix(err.Error(), "GET "+srv.URL+": ") || n.Load() != 1 {
		t.Fatalf("error %v after %d requests; want it after 1", err, n.Load())
	}
}

func TestTokenAnswerCutShortIsRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		writeRaw(w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"access_")
	}))
	defer srv.Close()
	c := mustNew(t, Config{
		Auth:  Auth{OAuth2: &OAuth2{TokenURL: srv.URL + "/token", ClientID: "loader", ClientSecret: "s3cret"}},
		Retry: Retry{Attempts: 2},
	})
	useFakeClock(c)
	_, err := get(t, c, srv.URL+"/api")
	want := "giving up after 2 attempts: getting an OAuth2 token from " + srv.URL + "/token: reading the answer: unexpected EOF"
	if err == nil || err.Error() != want || n.Load() != 2 {
		t.Fatalf("error %v after %d token requests;\nwant %s after 2", err, n.Load(), want)
	}
}
