package httpsource_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"go.uber.org/goleak"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Canceling the context stops Next in the middle of a page and while it
// waits for a page the API is slow to serve; Close stops the read ahead
// of a page that never comes.
func TestCancel(t *testing.T) {
	hung := make(chan struct{})
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if query(r, "page", 1) > 1 {
			select { // page 2 never comes
			case <-r.Context().Done():
			case <-hung:
			}
			return
		}
		writeJSON(w, `{"data":[{"id":1},{"id":2},{"id":3}]}`)
	})
	t.Cleanup(func() { close(hung) })
	for _, after := range []int{1, 3} {
		src := source(t, httpsource.Config{URL: a.URL, Records: "data", Paginate: httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1}}})
		if _, _, err := readIDs(t, src, etl.Checkpoint{}, after); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var rec etl.Record
		if err := src.Next(ctx, &rec); !errors.Is(err, context.Canceled) {
			t.Errorf("canceled after %d records: %v", after, err)
		}
		cp := src.Checkpoint()
		if cp.Records != int64(after) {
			t.Errorf("checkpoint %+v after %d records", cp, after)
		}
		if err := src.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// The run's context stops the read ahead: canceling the context Open got
// ends a page request under way, and Next says why.
func TestCancelOpenContext(t *testing.T) {
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if query(r, "page", 1) > 1 {
			<-r.Context().Done()
			return
		}
		writeJSON(w, `{"data":[{"id":1}]}`)
	})
	src := source(t, httpsource.Config{URL: a.URL, Records: "data", Paginate: httpsource.Paginate{Page: &httpsource.PageNumbers{Start: 1}}})
	ctx, cancel := context.WithCancel(t.Context())
	if _, err := src.Open(ctx, etl.Checkpoint{}); err != nil {
		t.Fatal(err)
	}
	var rec etl.Record
	if err := src.Next(t.Context(), &rec); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := src.Next(t.Context(), &rec); !errors.Is(err, context.Canceled) {
		t.Errorf("Next after the run's context ended: %v", err)
	}
}
