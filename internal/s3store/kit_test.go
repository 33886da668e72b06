package s3store_test

import (
	"context"
	"testing"

	"github.com/warehouse-loader/loader/internal/s3store"
	"github.com/warehouse-loader/loader/internal/s3test"
)

// newStore serves an S3 API with bucket "data" and returns it and a Store
// of it, with settings changed by edit.
func newStore(t *testing.T, edit func(*s3store.Settings)) (*s3test.Server, *s3store.Store) {
	t.Helper()
	srv := s3test.Start(t)
	srv.Bucket(t, "data")
	s := srv.Settings()
	if edit != nil {
		edit(&s)
	}
	st, err := s3store.New(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return srv, st
}

// pattern returns n bytes that differ at every offset modulo 251.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

// putOpen stores body under key in bucket "data" and opens it; it is
// closed when the test ends.
func putOpen(t *testing.T, srv *s3test.Server, st *s3store.Store, key string, body []byte) *s3store.Object {
	t.Helper()
	srv.Put(t, "data", key, body)
	o, err := st.Open(context.Background(), "s3://data/"+key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = o.Close() })
	srv.Requests()
	return o
}
