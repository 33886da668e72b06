package httpclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// scripted serves the statuses in turn (200 after them), with the header
// of each step, and counts the requests.
type scripted struct {
	steps []step
	n     atomic.Int32
}

type step struct {
	status     int
	retryAfter string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	i := int(s.n.Add(1)) - 1
	if i >= len(s.steps) {
		_, _ = w.Write([]byte("ok"))
		return
	}
	if v := s.steps[i].retryAfter; v != "" {
		w.Header().Set("Retry-After", v)
	}
	http.Error(w, "step "+strconv.Itoa(i), s.steps[i].status)
}

func TestRetryAfter(t *testing.T) {
	initial := 500 * time.Millisecond
	inOneMinute := time.Now().Add(time.Minute).UTC().Format(http.TimeFormat)
	tests := []struct {
		value    string
		min, max time.Duration // the wait observed
	}{
		{"2", 2 * time.Second, 2 * time.Second},
		{inOneMinute, 55 * time.Second, time.Minute},
		{"0", initial, 2 * initial},
		{"-1", initial, 2 * initial},
		{"soon", initial, 2 * initial},
		{"", initial, 2 * initial},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			h := &scripted{steps: []step{{http.StatusTooManyRequests, tt.value}}}
			srv := httptest.NewServer(h)
			defer srv.Close()
			c := mustNew(t, Config{Retry: Retry{Initial: initial}})
			clock := useFakeClock(c)
			if _, err := get(t, c, srv.URL); err != nil {
				t.Fatal(err)
			}
			waits := clock.recorded()
			if len(waits) != 1 || waits[0] < tt.min || waits[0] > tt.max {
				t.Fatalf("waits %v; want one in [%s, %s]", waits, tt.min, tt.max)
			}
		})
	}
}

func TestRetryStatuses(t *testing.T) {
	s503 := step{status: http.StatusServiceUnavailable}
	tests := []struct {
		name      string
		steps     []step
		retry     Retry
		wantErr   []string // empty: success
		wantCalls int32
	}{
		{"503 burst then 200", []step{s503, s503, s503}, Retry{}, nil, 4},
		{"attempts exhausted", []step{s503, s503, s503}, Retry{Attempts: 3},
			[]string{"giving up after 3 attempts: GET ", ": 503 Service Unavailable: step 2"}, 3},
		{"404 not retried", []step{{status: http.StatusNotFound}}, Retry{}, []string{"GET ", ": 404 Not Found: step 0"}, 1},
		{"own status list", []step{{status: http.StatusConflict}}, Retry{Statuses: []int{http.StatusConflict}}, nil, 2},
		{"max_elapsed", []step{{http.StatusTooManyRequests, "90"}}, Retry{MaxElapsed: time.Minute},
			[]string{"giving up after 1 attempt in ", "waiting 1m30s for the next would pass retry.max_elapsed (1m0s)", "429 Too Many Requests"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &scripted{steps: tt.steps}
			srv := httptest.NewServer(h)
			defer srv.Close()
			log, logs := captureLog()
			c := mustNew(t, Config{Retry: tt.retry, Log: log})
			clock := useFakeClock(c)
			resp, err := get(t, c, srv.URL)
			if calls := h.n.Load(); calls != tt.wantCalls {
				t.Errorf("%d requests, want %d", calls, tt.wantCalls)
			}
			if retries := strings.Count(logs.String(), "retrying"); retries != len(clock.recorded()) {
				t.Errorf("%d retries logged for %d waits:\n%s", retries, len(clock.recorded()), logs)
			}
			if tt.wantErr == nil {
				if err != nil || string(resp.Body) != "ok" {
					t.Fatalf("got %v, %v; want ok", resp, err)
				}
				return
			}
			var se *StatusError
			if !errors.As(err, &se) {
				t.Fatalf("error %v; want a *StatusError inside", err)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestBackoffBounds(t *testing.T) {
	c := mustNew(t, Config{Retry: Retry{Initial: time.Second, Max: 10 * time.Second}})
	for n := 1; n <= 8; n++ {
		ceiling := min(time.Second<<n, 10*time.Second)
		for range 50 {
			if d := c.backoff(n); d < time.Second || d > ceiling {
				t.Fatalf("backoff(%d) = %s, want in [1s, %s]", n, d, ceiling)
			}
		}
	}
}

func TestDroppedMidBodyIsRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if n.Add(1) > 1 {
			_, _ = w.Write([]byte("the whole body"))
			return
		}
		writeRaw(w, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nthe wh")
	}))
	defer srv.Close()
	log, logs := captureLog()
	c := mustNew(t, Config{Log: log})
	useFakeClock(c)
	resp, err := get(t, c, srv.URL)
	if err != nil || string(resp.Body) != "the whole body" || n.Load() != 2 {
		t.Fatalf("got %v, %v after %d requests; want the whole body after 2", resp, err, n.Load())
	}
	if !strings.Contains(logs.String(), "reading the response: unexpected EOF") {
		t.Errorf("the retry log does not name the cause:\n%s", logs)
	}
}

func TestSlowResponseTimesOut(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		n.Add(1)
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := mustNew(t, Config{Timeout: 50 * time.Millisecond, Retry: Retry{Attempts: 2}})
	useFakeClock(c)
	_, err := get(t, c, srv.URL)
	want := "giving up after 2 attempts: GET " + srv.URL + ": no complete response within the timeout of 50ms"
	if err == nil || !strings.HasPrefix(err.Error(), want) || n.Load() != 2 {
		t.Fatalf("error %v after %d requests; want %q… after 2", err, n.Load(), want)
	}
}

func TestTooLarge(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", 100)))
	}))
	defer srv.Close()
	c := mustNew(t, Config{MaxBody: 99})
	_, err := get(t, c, srv.URL)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "max_body") {
		t.Fatalf("error %v; want ErrTooLarge naming max_body", err)
	}
	c = mustNew(t, Config{MaxBody: 100})
	if _, err := get(t, c, srv.URL); err != nil {
		t.Fatalf("a body of exactly max_body: %v", err)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	// The real sleep, and a backoff of an hour.
	c := mustNew(t, Config{Retry: Retry{Initial: time.Hour, Max: time.Hour, MaxElapsed: 3 * time.Hour}})
	ctx, cancel := context.WithCancel(t.Context())
	c.sleep = func(ctx context.Context, d time.Duration) error {
		cancel() // the caller gives up while the client waits
		return sleep(ctx, d)
	}
	_, err := c.Do(ctx, Request{URL: srv.URL})
	want := "GET " + srv.URL + ": context canceled while waiting to retry after: GET " + srv.URL + ": 503 Service Unavailable"
	if !errors.Is(err, context.Canceled) || err.Error() != want {
		t.Fatalf("error %v; want context.Canceled: %q", err, want)
	}
}

func TestStatusErrorOfAnHTMLPage(t *testing.T) {
	page := "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" + strings.Repeat("<p>upstream failed</p>\n", 50) + "</body></html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(page))
	}))
	defer srv.Close()
	c := mustNew(t, Config{Retry: Retry{Attempts: 1}})
	_, err := get(t, c, srv.URL)
	var se *StatusError
	if !errors.As(err, &se) || se.Status != http.StatusBadGateway {
		t.Fatalf("error %v; want a *StatusError 502", err)
	}
	want := "GET " + srv.URL + ": 502 Bad Gateway: <html> <head><title>502 Bad Gateway</title></head> <body><p>upstream failed</p>"
	if msg := err.Error(); !strings.HasPrefix(msg, want) || !strings.HasSuffix(msg, "…") || strings.Contains(msg, "\n") || len(msg) > 300 {
		t.Fatalf("error %q; want one line starting %q, cut short", msg, want)
	}
}

func TestCallerDeadlineIsNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		n.Add(1)
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := mustNew(t, Config{})
	useFakeClock(c)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.DeadlineExceeded) || n.Load() != 1 {
		t.Fatalf("error %v after %d requests; want the caller's deadline after 1", err, n.Load())
	}
}

func TestRateLimit(t *testing.T) {
	h := &scripted{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	// One request a second, and a context that ends long before the second.
	c := mustNew(t, Config{RateLimit: 1})
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	var err error
	for i := 0; i < 5 && err == nil; i++ {
		_, err = c.Do(ctx, Request{URL: srv.URL})
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "rate limit of 1 requests per second") {
		t.Fatalf("error %v; want the rate limit named", err)
	}
	if calls := h.n.Load(); calls != 1 {
		t.Fatalf("%d requests under a rate of 1/s in 300ms; want 1", calls)
	}
}
