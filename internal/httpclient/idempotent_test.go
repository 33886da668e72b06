package httpclient

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestSlowPostIsNotSentAgain(t *testing.T) {
	tests := []struct {
		name       string
		idempotent bool
		wantCalls  int32
	}{
		{"POST", false, 1},
		{"POST marked idempotent", true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body) // then the server sees the client leave
				if n.Add(1) == 1 {                 // the first answer comes after the client's timeout
					<-r.Context().Done()
					return
				}
				_, _ = w.Write([]byte("ok"))
			}))
			defer srv.Close()
			c := mustNew(t, Config{Timeout: 50 * time.Millisecond})
			useFakeClock(c)
			resp, err := c.Do(t.Context(), Request{Method: http.MethodPost, URL: srv.URL, Body: []byte("{}"), Idempotent: tt.idempotent})
			if calls := n.Load(); calls != tt.wantCalls {
				t.Fatalf("%d requests, want %d", calls, tt.wantCalls)
			}
			if tt.idempotent {
				if err != nil || string(resp.Body) != "ok" {
					t.Fatalf("got %v, %v; want ok", resp, err)
				}
				return
			}
			want := "POST " + srv.URL + ": no complete response within the timeout of 50ms (raise timeout if the server is that slow);" +
				" not sent again: the server may have acted on it, and a POST is retried only when it was refused (429, 503) or never sent"
			if err == nil || err.Error() != want {
				t.Fatalf("error %v;\nwant %s", err, want)
			}
		})
	}
}

func TestRetriesByMethod(t *testing.T) {
	tests := []struct {
		method    string
		status    int
		wantCalls int32
		header    http.Header
	}{
		{http.MethodPost, http.StatusInternalServerError, 1, nil},
		{http.MethodPost, http.StatusBadGateway, 1, nil},
		{http.MethodPost, http.StatusGatewayTimeout, 1, nil},
		{http.MethodPost, http.StatusServiceUnavailable, 2, nil},
		{http.MethodPost, http.StatusTooManyRequests, 2, nil},
		{http.MethodPut, http.StatusInternalServerError, 1, nil},
		{http.MethodPatch, http.StatusBadGateway, 1, nil},
		{http.MethodPatch, http.StatusServiceUnavailable, 2, nil},
		{http.MethodPost, http.StatusInternalServerError, 2, http.Header{"Idempotency-Key": {"run-42"}}},
		{http.MethodGet, http.StatusInternalServerError, 2, nil},
		{http.MethodDelete, http.StatusBadGateway, 2, nil},
		{http.MethodHead, http.StatusGatewayTimeout, 2, nil},
		{http.MethodOptions, http.StatusInternalServerError, 2, nil},
	}
	for _, tt := range tests {
		name := tt.method + " " + http.StatusText(tt.status)
		if tt.header != nil {
			name += " with Idempotency-Key"
		}
		t.Run(name, func(t *testing.T) {
			h := &scripted{steps: []step{{status: tt.status}}}
			srv := httptest.NewServer(h)
			defer srv.Close()
			c := mustNew(t, Config{})
			useFakeClock(c)
			_, err := c.Do(t.Context(), Request{Method: tt.method, URL: srv.URL, Header: tt.header})
			if calls := h.n.Load(); calls != tt.wantCalls {
				t.Fatalf("%d requests, want %d (error %v)", calls, tt.wantCalls, err)
			}
			if tt.wantCalls == 1 && (err == nil || !strings.Contains(err.Error(), "not sent again")) {
				t.Fatalf("error %v; want it to say the request was not sent again", err)
			}
		})
	}
}

func TestPostThatCannotConnectIsRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens there now: the connection is refused
	log, logs := captureLog()
	c := mustNew(t, Config{Retry: Retry{Attempts: 3}, Log: log})
	useFakeClock(c)
	_, err = c.Do(t.Context(), Request{Method: http.MethodPost, URL: "http://" + addr + "/dags", Body: []byte("{}")})
	if err == nil || !strings.HasPrefix(err.Error(), "giving up after 3 attempts: POST http://"+addr+"/dags: ") {
		t.Fatalf("error %v; want 3 attempts", err)
	}
	if n := strings.Count(logs.String(), "retrying"); n != 2 {
		t.Fatalf("%d retries logged, want 2:\n%s", n, logs)
	}
}
