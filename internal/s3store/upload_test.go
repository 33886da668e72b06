package s3store_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/s3store"
	"github.com/warehouse-loader/loader/internal/s3test"
)

// write writes body to w in 1000-byte writes.
func write(t *testing.T, w *s3store.Writer, body []byte) error {
	t.Helper()
	for len(body) > 0 {
		n := min(1000, len(body))
		if _, err := w.Write(body[:n]); err != nil {
			return err
		}
		body = body[n:]
	}
	return nil
}

// An upload larger than a part goes up in parts and the object holds
// exactly what was written; a small one is put whole.
func TestUploadInParts(t *testing.T) {
	srv, st := newStore(t, func(s *s3store.Settings) { s.PartSize = s3store.MinPartSize })
	for _, tc := range []struct {
		size, parts int
	}{{size: 12<<20 + 77, parts: 3}, {size: 1000, parts: 0}} {
		body := pattern(tc.size)
		srv.Requests()
		w, err := st.Create(context.Background(), "s3://data/out/x.csv")
		if err != nil {
			t.Fatal(err)
		}
		if err := write(t, w, body); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if got := srv.Get(t, "data", "out/x.csv"); !bytes.Equal(got, body) {
			t.Fatalf("object of %d bytes, want the %d written", len(got), len(body))
		}
		parts := 0
		for _, r := range srv.Requests() {
			if r.IsPart() {
				parts++
			}
		}
		if parts != tc.parts {
			t.Fatalf("%d bytes in %d parts, want %d", tc.size, parts, tc.parts)
		}
	}
}

// An aborted upload, or one whose parts the store refuses, leaves no
// object and no multipart upload behind; an object that was there stays.
func TestFailedUploadLeavesNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault bool
	}{{name: "aborted"}, {name: "part refused", fault: true}} {
		t.Run(tc.name, func(t *testing.T) {
			srv, st := newStore(t, func(s *s3store.Settings) { s.PartSize, s.MaxAttempts = s3store.MinPartSize, 1 })
			srv.Put(t, "data", "kept.csv", []byte("old"))
			if tc.fault {
				srv.Inject(s3test.Fault{Match: func(r *http.Request) bool { return r.URL.Query().Get("partNumber") == "2" }, Status: http.StatusInternalServerError, Code: "InternalError"})
			}
			for _, key := range []string{"new.csv", "kept.csv"} {
				w, err := st.Create(context.Background(), "s3://data/"+key)
				if err != nil {
					t.Fatal(err)
				}
				err = write(t, w, pattern(11<<20))
				if tc.fault {
					if err == nil {
						err = w.Close()
					}
					if err == nil {
						t.Fatal("the upload succeeded though a part was refused")
					}
					w.Abort()
				} else {
					if err != nil {
						t.Fatal(err)
					}
					w.Abort()
				}
			}
			started := 0
			for _, r := range srv.Requests() {
				if r.Method == http.MethodPost && r.Query == "uploads=" || r.Query == "uploads" || strings.HasPrefix(r.Query, "uploads&") {
					started++
				}
			}
			if started != 2 {
				t.Fatalf("%d multipart uploads started, want 2", started)
			}
			if got := srv.Get(t, "data", "new.csv"); got != nil {
				t.Fatalf("an object of %d bytes is left", len(got))
			}
			if got := srv.Get(t, "data", "kept.csv"); string(got) != "old" {
				t.Fatalf("the object there before holds %d bytes", len(got))
			}
			if ups := srv.Uploads(t, "data"); len(ups) != 0 {
				t.Fatalf("multipart uploads left: %v", ups)
			}
		})
	}
}

// Exists tells a missing object from one that is there.
func TestExists(t *testing.T) {
	srv, st := newStore(t, nil)
	srv.Put(t, "data", "a.csv", []byte("x"))
	for url, want := range map[string]bool{"s3://data/a.csv": true, "s3://data/b.csv": false} {
		if got, err := st.Exists(context.Background(), url); got != want || err != nil {
			t.Fatalf("%s: %t, %v", url, got, err)
		}
	}
	srv.Inject(s3test.Fault{Status: http.StatusForbidden, Code: "AccessDenied"})
	if _, err := st.Exists(context.Background(), "s3://data/a.csv"); !errors.Is(err, s3store.ErrAccess) {
		t.Fatalf("refused: %v", err)
	}
}
