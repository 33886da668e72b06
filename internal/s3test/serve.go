package s3test

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/warehouse-loader/loader/etl/source/sourcetest"
	"github.com/warehouse-loader/loader/internal/s3store"
)

// Bucket is the bucket Serve creates.
const Bucket = "data"

// Serve starts a server with Bucket and makes it the store of the s3://
// scheme (s3store.Configure) until the test ends.
func Serve(t testing.TB) *Server {
	t.Helper()
	s := Start(t)
	s.Bucket(t, Bucket)
	s3store.Configure(s.Settings())
	t.Cleanup(func() { s3store.Configure(s3store.Settings{}) })
	return s
}

var objects atomic.Int64

// Object stores body in Bucket under a key of its own ending in name and
// returns its s3:// URL.
func (s *Server) Object(t testing.TB, name string, body []byte) string {
	t.Helper()
	key := fmt.Sprintf("t%d/%s", objects.Add(1), name)
	s.Put(t, Bucket, key, body)
	return "s3://" + Bucket + "/" + key
}

// Input stores content in Bucket as Object does, compressed when ext
// names a compression (".gz", ".zst"; "" for none), under a name ending in
// name+ext, and returns its s3:// URL.
func (s *Server) Input(t testing.TB, name, ext, content string) string {
	t.Helper()
	body := []byte(content)
	if ext != "" {
		body = sourcetest.Compress(t, ext, content)
	}
	return s.Object(t, name+ext, body)
}

// Span returns the bytes [start, end] a ranged request asked for.
func (r Request) Span() (start, end int64, ok bool) {
	a, b, found := strings.Cut(strings.TrimPrefix(r.Range, "bytes="), "-")
	start, err1 := strconv.ParseInt(a, 10, 64)
	end, err2 := strconv.ParseInt(b, 10, 64)
	return start, end, found && strings.HasPrefix(r.Range, "bytes=") && err1 == nil && err2 == nil
}

// Fetched adds up the bytes the ranged GETs among reqs asked for.
func Fetched(reqs []Request) int64 {
	var n int64
	for _, r := range Gets(reqs) {
		if a, b, ok := r.Span(); ok {
			n += b - a + 1
		}
	}
	return n
}
