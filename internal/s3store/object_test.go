package s3store_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/internal/s3store"
	"github.com/warehouse-loader/loader/internal/s3test"
)

// An object read from start to end arrives whole through ranged GETs
// that grow as the read goes on: a 3 MiB object in a few requests, none
// without a Range.
func TestObjectReadsWithGrowingRanges(t *testing.T) {
	srv, st := newStore(t, nil)
	body := pattern(3<<20 + 123)
	o := putOpen(t, srv, st, "big.bin", body)
	got, err := io.ReadAll(io.NewSectionReader(o, 0, int64(len(body))))
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("read %d bytes, %v; want the %d stored", len(got), err, len(body))
	}
	gets := s3test.Gets(srv.Requests())
	for _, g := range gets {
		if !strings.HasPrefix(g.Range, "bytes=") {
			t.Fatalf("a GET without a range: %+v", g)
		}
	}
	if len(gets) > 8 {
		t.Fatalf("%d GETs for 3 MiB read in order: %v", len(gets), gets)
	}
	t.Logf("%d GETs: %v", len(gets), gets)
}

// A read near the end (a footer) fetches the last 64 KiB once, not the
// object.
func TestObjectTailReadFetchesTheTail(t *testing.T) {
	srv, st := newStore(t, nil)
	body := pattern(2 << 20)
	o := putOpen(t, srv, st, "f.parquet", body)
	tail, footer := make([]byte, 8), make([]byte, 1000)
	if _, err := o.ReadAt(tail, int64(len(body))-8); err != nil {
		t.Fatal(err)
	}
	if _, err := o.ReadAt(footer, int64(len(body))-1008); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(footer, body[len(body)-1008:len(body)-8]) {
		t.Fatal("footer bytes differ")
	}
	gets := s3test.Gets(srv.Requests())
	if len(gets) != 1 || gets[0].Range != "bytes=2031616-2097151" {
		t.Fatalf("GETs %v, want one of the last 64 KiB", gets)
	}
}

// An object replaced after it was opened fails the next read with
// source.ErrChanged, whether the store checks If-Match (412) or answers
// with the new ETag; Stat reports it from then on.
func TestObjectReplacedWhileReadIsChanged(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault *s3test.Fault
	}{
		{name: "new ETag"},
		{name: "412", fault: &s3test.Fault{Match: func(r *http.Request) bool { return r.Header.Get("If-Match") != "" }, Status: http.StatusPreconditionFailed, Code: "PreconditionFailed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, st := newStore(t, nil)
			o := putOpen(t, srv, st, "a.csv", pattern(1<<20))
			p := make([]byte, 1000)
			if _, err := o.ReadAt(p, 0); err != nil {
				t.Fatal(err)
			}
			srv.Put(t, "data", "a.csv", pattern(1<<20+1))
			if tc.fault != nil {
				srv.Inject(*tc.fault)
			}
			_, err := o.ReadAt(p, 900<<10)
			if !errors.Is(err, source.ErrChanged) || !strings.Contains(err.Error(), "replaced") {
				t.Fatalf("read after the object was replaced: %v, want ErrChanged", err)
			}
			if _, err := o.Stat(); !errors.Is(err, source.ErrChanged) {
				t.Fatalf("Stat after: %v", err)
			}
			t.Log(err)
		})
	}
}

// 503 SlowDown on the first requests is retried with the SDK's backoff
// and the read succeeds.
func TestSlowDownIsRetried(t *testing.T) {
	srv, st := newStore(t, nil)
	srv.Put(t, "data", "a.csv", []byte("a\n1\n"))
	srv.Inject(s3test.Fault{Status: http.StatusServiceUnavailable, Code: "SlowDown", Times: 2})
	o, err := st.Open(context.Background(), "s3://data/a.csv")
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 4)
	if _, err := o.ReadAt(b, 0); err != nil || string(b) != "a\n1\n" {
		t.Fatalf("%q, %v", b, err)
	}
	if n := len(srv.Requests()); n != 4 {
		t.Fatalf("%d requests, want 2 refused HEADs, the HEAD and the GET", n)
	}
}

// Refused credentials fail with one line that wraps ErrAccess, names
// what to check and never shows the secret key.
func TestRefusedCredentialsSayWhatToCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*s3store.Settings)
		code string
	}{
		{name: "unknown key", edit: func(s *s3store.Settings) { s.AccessKeyID = "AKIAWRONG" }, code: "InvalidAccessKeyId"},
		{name: "wrong secret", code: "SignatureDoesNotMatch"},
		{name: "no permission", code: "AccessDenied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, st := newStore(t, tc.edit)
			srv.Put(t, "data", "a.csv", []byte("a\n1\n"))
			if tc.edit == nil {
				srv.Inject(s3test.Fault{Status: http.StatusForbidden, Code: tc.code})
			}
			_, errOpen := st.Open(context.Background(), "s3://data/a.csv")
			_, errList := st.List(context.Background(), "s3://data/")
			for _, err := range []error{errOpen, errList} {
				msg := err.Error()
				if !errors.Is(err, s3store.ErrAccess) || !strings.Contains(msg, "AWS_ACCESS_KEY_ID") || strings.Contains(msg, "\n") || strings.Contains(msg, s3test.SecretAccessKey) {
					t.Fatalf("%q", msg)
				}
			}
			if !strings.Contains(errList.Error(), tc.code) {
				t.Fatalf("%q does not name %s", errList, tc.code)
			}
			t.Log(errList)
		})
	}
}

// A missing object or bucket wraps ErrNotFound and says which.
func TestMissingObjectIsNamed(t *testing.T) {
	_, st := newStore(t, nil)
	for url, want := range map[string]string{"s3://data/nope.csv": "no such object", "s3://nobucket/a.csv": "no such"} {
		_, err := st.Open(context.Background(), url)
		if !errors.Is(err, s3store.ErrNotFound) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), url) {
			t.Fatalf("%s: %v", url, err)
		}
	}
	if _, err := st.Open(context.Background(), "s3://data"); err == nil || !strings.Contains(err.Error(), "s3://BUCKET/KEY") {
		t.Fatalf("no key: %v", err)
	}
}

// Cancelling the context a read is bound to ends a GET the store holds.
func TestCancelEndsAHeldRead(t *testing.T) {
	srv, st := newStore(t, nil)
	srv.Put(t, "data", "a.csv", pattern(1<<20))
	ctx, cancel := context.WithCancel(context.Background())
	o, err := st.Open(ctx, "s3://data/a.csv")
	if err != nil {
		t.Fatal(err)
	}
	srv.Inject(s3test.Fault{Hold: true})
	done := make(chan error, 1)
	go func() {
		_, err := o.ReadAt(make([]byte, 10), 0)
		done <- err
	}()
	for srv.Held() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("held read after cancel: %v", err)
	}
}
