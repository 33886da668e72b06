// Package s3test serves a real S3 API to tests: gofakes3 with its
// in-memory backend, over net/http/httptest, behind a handler that
// records each request, checks the access key as S3 does, and can answer
// chosen requests with an error of its own or hold them. Only tests
// import it.
package s3test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/warehouse-loader/loader/internal/s3store"
)

// The credentials the server takes.
const (
	AccessKeyID     = "AKIATESTLOADER000001"
	SecretAccessKey = "test-secret-key-never-shown-0123456789"
	Region          = "eu-west-1"
)

// Request is what the server recorded of a request.
type Request struct {
	Method, Path, Query, Range string
}

// IsGet reports a GET of an object (not a listing).
func (r Request) IsGet() bool {
	return r.Method == http.MethodGet && strings.Count(strings.Trim(r.Path, "/"), "/") >= 1 && !strings.Contains(r.Query, "list-type") && !strings.Contains(r.Query, "uploads")
}

// IsPart reports the upload of a part of a multipart upload.
func (r Request) IsPart() bool {
	return r.Method == http.MethodPut && strings.Contains(r.Query, "partNumber=")
}

// Fault answers the requests it matches (all when Match is nil) with
// Status and an S3 error of Code, Times times (every time when 0), or,
// with Hold, holds them until the client gives up.
type Fault struct {
	Match  func(r *http.Request) bool
	Status int
	Code   string
	Times  int
	Hold   bool
}

// Server is an S3 API served by the test process.
type Server struct {
	URL     string
	Backend *s3mem.Backend

	mu       sync.Mutex
	requests []Request
	faults   []*Fault
	stop     chan struct{} // closed when the test ends
	held     atomic.Int64
}

// Held counts the requests a Hold fault has held so far.
func (s *Server) Held() int64 { return s.held.Load() }

// Start serves an empty store until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{Backend: s3mem.New()}
	fake := gofakes3.New(s.Backend, gofakes3.WithAutoBucket(false))
	s.stop = make(chan struct{})
	srv := httptest.NewServer(s.wrap(fake.Server()))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(s.stop) }) // first: held requests end
	s.URL = srv.URL
	return s
}

// Settings are the store settings that reach the server.
func (s *Server) Settings() s3store.Settings {
	return s3store.Settings{Region: Region, Endpoint: s.URL, PathStyle: true, AccessKeyID: AccessKeyID, SecretAccessKey: SecretAccessKey}
}

// Env is the environment that points the loader at the server.
func (s *Server) Env() map[string]string {
	return map[string]string{
		"AWS_ACCESS_KEY_ID": AccessKeyID, "AWS_SECRET_ACCESS_KEY": SecretAccessKey, "AWS_REGION": Region,
		"LOADER_S3_ENDPOINT": s.URL, "LOADER_S3_PATH_STYLE": "true",
	}
}

// Client is an SDK client of the server, for what a test checks itself.
func (s *Server) Client() *s3.Client {
	return s3.New(s3.Options{
		Region: Region, BaseEndpoint: aws.String(s.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, ""),
	})
}

// Bucket creates a bucket.
func (s *Server) Bucket(t testing.TB, name string) {
	t.Helper()
	if err := s.Backend.CreateBucket(name); err != nil {
		t.Fatal(err)
	}
}

// Put stores an object.
func (s *Server) Put(t testing.TB, bucket, key string, body []byte) {
	t.Helper()
	if _, err := s.Backend.PutObject(bucket, key, map[string]string{}, bytes.NewReader(body), int64(len(body)), nil); err != nil {
		t.Fatal(err)
	}
}

// Get returns an object's bytes, or nil when there is none.
func (s *Server) Get(t testing.TB, bucket, key string) []byte {
	t.Helper()
	obj, err := s.Backend.GetObject(bucket, key, nil)
	if gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchKey) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Contents.Close()
	b, err := io.ReadAll(obj.Contents)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Uploads returns the keys of the multipart uploads under way in bucket.
func (s *Server) Uploads(t testing.TB, bucket string) []string {
	t.Helper()
	out, err := s.Client().ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	if ae, ok := errors.AsType[smithy.APIError](err); ok && ae.ErrorCode() == "NoSuchUpload" {
		return nil // gofakes3's answer for a bucket that never had one
	}
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, u := range out.Uploads {
		keys = append(keys, aws.ToString(u.Key))
	}
	return keys
}

// Requests returns the requests received so far, and forgets them.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.requests
	s.requests = nil
	return r
}

// Inject adds a fault; it applies until Times requests met it.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// Clear removes every fault.
func (s *Server) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

var credential = regexp.MustCompile(`Credential=([^/,]+)/`)

// wrap records the request, refuses an unknown access key as S3 does
// (403 InvalidAccessKeyId) and applies the faults, before next serves it.
func (s *Server) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := s.record(r)
		if m := credential.FindStringSubmatch(r.Header.Get("Authorization")); len(m) < 2 || m[1] != AccessKeyID {
			f = &Fault{Status: http.StatusForbidden, Code: "InvalidAccessKeyId"}
		}
		if f == nil {
			next.ServeHTTP(w, r)
			return
		}
		// The body is read first, as a store does before it answers (and
		// so that the server sees the client hang up).
		_, _ = io.Copy(io.Discard, r.Body)
		if !f.Hold {
			writeError(w, f.Status, f.Code)
			return
		}
		s.held.Add(1)
		select {
		case <-r.Context().Done():
		case <-s.stop:
		}
	})
}

// record notes r and returns the fault it meets, if any.
func (s *Server) record(r *http.Request) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Range: r.Header.Get("Range")})
	for i, f := range s.faults {
		if f.Match != nil && !f.Match(r) {
			continue
		}
		if f.Times > 0 {
			if f.Times--; f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return f
	}
	return nil
}

// writeError answers as S3 does: the status, and for any request but a
// HEAD an XML error body.
func writeError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>injected by the test</Message><RequestId>test</RequestId></Error>`, code)
}

// Gets returns the object GETs among reqs.
func Gets(reqs []Request) []Request {
	var out []Request
	for _, r := range reqs {
		if r.IsGet() {
			out = append(out, r)
		}
	}
	return out
}
