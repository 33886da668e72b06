package hook_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
)

// request is what the test server received.
type request struct {
	Method, Path, Auth, ContentType string
	// Extra is the X-Api-Key or X-Team header, when sent.
	Extra string
	Body  string
}

// server is an HTTP server in the test process that records every
// request and answers with status.
type server struct {
	*httptest.Server
	mu     sync.Mutex
	got    []request
	status int
	reply  string
}

func newServer(t *testing.T, status int) *server {
	s := &server{status: status}
	s.Server = httptest.NewServer(s)
	t.Cleanup(s.Close)
	return s
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.got = append(s.got, request{Method: r.Method, Path: r.URL.EscapedPath(), Auth: r.Header.Get("Authorization"),
		ContentType: r.Header.Get("Content-Type"), Extra: r.Header.Get("X-Api-Key") + r.Header.Get("X-Team"), Body: string(body)})
	s.mu.Unlock()
	w.WriteHeader(s.status)
	_, _ = io.WriteString(w, s.reply)
}

// requests returns the requests received so far.
func (s *server) requests() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]request(nil), s.got...)
}

// only returns the one request received, failing the test otherwise.
func (s *server) only(t *testing.T) request {
	t.Helper()
	got := s.requests()
	if len(got) != 1 {
		t.Fatalf("server received %d requests, want 1: %+v", len(got), got)
	}
	return got[0]
}

// settings decodes YAML settings into out, as a pipeline file would.
func settings(t *testing.T, src string, out any) {
	t.Helper()
	if err := yaml.Unmarshal([]byte(src), out); err != nil {
		t.Fatal(err)
	}
}

// event is the run event the tests fire.
var event = etl.RunEvent{
	RunID: 42, Pipeline: "sales", Status: etl.RunSucceeded, Read: 10, Loaded: 8, Rejected: 1, Dropped: 1,
	StartedAt:  time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC),
	FinishedAt: time.Date(2024, 5, 1, 10, 0, 3, 250_000_000, time.UTC),
}

// logBuffer returns a logger writing text lines into a buffer.
func logBuffer() (*slog.Logger, *bytes.Buffer) {
	var b bytes.Buffer
	return slog.New(slog.NewTextHandler(&b, nil)), &b
}
