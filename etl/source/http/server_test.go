package httpsource_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// api is an HTTP API in the test process: handle answers each request;
// the requests received are kept.
type api struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*http.Request
}

// newServer starts a server closed when the test ends.
func newServer(t testing.TB, handle http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(handle)
	t.Cleanup(srv.Close)
	return srv
}

func itoa(i int) string { return strconv.Itoa(i) }

// serve starts an API answering with handle.
func serve(t *testing.T, handle func(w http.ResponseWriter, r *http.Request)) *api {
	t.Helper()
	a := &api{}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.requests = append(a.requests, r.Clone(context.Background()))
		a.mu.Unlock()
		handle(w, r)
	}))
	t.Cleanup(a.Close)
	return a
}

// queries returns the query strings received, in order; header, when
// given, is a name and a value: only the requests that had it.
func (a *api) queries(header ...string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var qs []string
	for _, r := range a.requests {
		if len(header) == 2 && r.Header.Get(header[0]) != header[1] {
			continue
		}
		qs = append(qs, r.URL.RawQuery)
	}
	return qs
}

// items returns n records {"id":1,…}, as JSON texts.
func items(n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf(`{"id":%d,"name":"item %d"}`, i, i))
	}
	return out
}

// slice returns the records from offset from, at most n, as a JSON array.
func slice(recs []string, from, n int) string {
	from = min(max(from, 0), len(recs))
	to := min(from+n, len(recs))
	return "[" + strings.Join(recs[from:to], ",") + "]"
}

// query returns the integer parameter name of r, def if absent.
func query(r *http.Request, name string, def int) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil {
		return def
	}
	return n
}

// writeJSON writes body as JSON.
func writeJSON(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, body)
}

// source builds a source over cfg with a plain client.
func source(t *testing.T, cfg httpsource.Config) *httpsource.Source {
	t.Helper()
	src, err := httpsource.New(cfg, newClient(t, httpclient.Config{}), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = src.Close() })
	return src
}

// readIDs opens src at from and reads it to the end; it returns the ids
// read, the checkpoint after them and the error that stopped reading.
func readIDs(t *testing.T, src etl.Source, from etl.Checkpoint, limit int) ([]string, etl.Checkpoint, error) {
	t.Helper()
	ctx := context.Background()
	cols, err := src.Open(ctx, from)
	if err != nil {
		return nil, etl.Checkpoint{}, err
	}
	id, err := cols.Lookup("id")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	var rec etl.Record
	for limit < 0 || len(ids) < limit {
		err := src.Next(ctx, &rec)
		var rej *etl.RejectError
		switch {
		case errors.Is(err, io.EOF):
			return ids, src.Checkpoint(), nil
		case errors.As(err, &rej):
			ids = append(ids, "reject: "+rej.Reason)
		case err != nil:
			return ids, src.Checkpoint(), err
		default:
			ids = append(ids, fmt.Sprint(rec.Raw[id]))
		}
	}
	return ids, src.Checkpoint(), nil
}

// seq returns "1".."n".
func seq(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

// httpsourceClient is the configuration of a plain client.
var httpsourceClient = httpclient.Config{}

// queryEscape escapes s as url.Values.Encode does.
func queryEscape(s string) string { return url.QueryEscape(s) }
