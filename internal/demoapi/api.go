package demoapi

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Config describes an API. The zero value of each field but Records is
// usable.
type Config struct {
	// Token is the bearer token every request to /v1/orders must carry;
	// empty: no authentication.
	Token string
	// Records is the number of orders at the start.
	Records int
	// PageSize is the limit when a request sets none (default 100).
	PageSize int
	// MaxLimit is the largest limit a request may ask for (default 1000,
	// or PageSize when larger).
	MaxLimit int
	// Seed selects the data; the same seed always gives the same orders.
	Seed uint64
	// Flaws puts a bad value in 2 of every 250 orders: an amount "n/a"
	// and a placed_at that is not a time.
	Flaws bool
	// Grow is the number of changes (new orders, and new statuses of
	// earlier ones) added each time a request reads to the end.
	Grow int
	// Delay is waited before each page is answered.
	Delay time.Duration
}

// API serves GET /v1/orders and GET /healthz. It is an http.Handler.
type API struct {
	cfg    Config
	data   *store
	mux    *http.ServeMux
	served atomic.Int64
}

// New returns the API cfg describes, or an error naming a bad field.
func New(cfg Config) (*API, error) {
	if cfg.PageSize == 0 {
		cfg.PageSize = 100
	}
	if cfg.MaxLimit == 0 {
		cfg.MaxLimit = max(1000, cfg.PageSize)
	}
	switch {
	case cfg.Records < 0:
		return nil, fmt.Errorf("demoapi: records %d is negative", cfg.Records)
	case cfg.PageSize < 1 || cfg.PageSize > cfg.MaxLimit:
		return nil, fmt.Errorf("demoapi: page size %d is not between 1 and %d", cfg.PageSize, cfg.MaxLimit)
	case cfg.Grow < 0 || cfg.Delay < 0:
		return nil, errors.New("demoapi: grow and delay cannot be negative")
	}
	a := &API{cfg: cfg, data: newStore(cfg.Seed, cfg.Records, cfg.Flaws), mux: http.NewServeMux()}
	a.mux.HandleFunc("GET /v1/orders", a.orders)
	a.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	return a, nil
}

// ServeHTTP answers one request.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

// Orders yields every order as the API holds it now, in the order it
// serves them: each once, at its latest change. The orders are computed
// as they are yielded (an API of millions holds none of them); the loop's
// body must not call the API.
func (a *API) Orders() iter.Seq[Order] { return a.data.each }

// Served returns the number of orders sent in pages so far.
func (a *API) Served() int64 { return a.served.Load() }

// orders answers GET /v1/orders?limit=&cursor=&updated_since=.
func (a *API) orders(w http.ResponseWriter, r *http.Request) {
	if !a.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="demo-api"`)
		fail(w, http.StatusUnauthorized, "missing or wrong bearer token: send Authorization: Bearer <token>")
		return
	}
	start, limit, err := a.position(r)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	if err := wait(r.Context(), a.cfg.Delay); err != nil {
		return
	}
	body := append(make([]byte, 0, 256*limit), `{"data":[`...)
	body, next, n, more := a.data.page(body, start, limit, a.cfg.Grow)
	body = append(body, `],"next_cursor":`...)
	if more {
		body = strconv.AppendQuote(body, encodeCursor(next))
	} else {
		body = append(body, "null"...)
	}
	body = append(append(body, `,"has_more":`...), strconv.FormatBool(more)...)
	body = append(body, "}\n"...)
	a.served.Add(int64(n))
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body) //nolint:gosec // G705: JSON (Content-Type application/json) of the API's own data; no request value is echoed
}

func (a *API) authorized(r *http.Request) bool {
	if a.cfg.Token == "" {
		return true
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.Token)) == 1
}

// position reads the first position and the limit of a request.
func (a *API) position(r *http.Request) (start, limit int, err error) {
	q := r.URL.Query()
	limit = a.cfg.PageSize
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > a.cfg.MaxLimit {
			return 0, 0, fmt.Errorf("limit %q is not a number between 1 and %d", v, a.cfg.MaxLimit)
		}
	}
	if v := q.Get("cursor"); v != "" {
		if start, err = decodeCursor(v); err != nil {
			return 0, 0, fmt.Errorf("cursor %q is not one this API gave", v)
		}
	}
	if v := q.Get("updated_since"); v != "" {
		since, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return 0, 0, fmt.Errorf("updated_since %q is not an RFC 3339 time like 2024-01-01T00:00:00Z", v)
		}
		start = max(start, a.data.fromLocked(since))
	}
	return start, limit, nil
}

func (s *store) fromLocked(since time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.from(since)
}

func encodeCursor(pos int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("pos:" + strconv.Itoa(pos)))
}

func decodeCursor(c string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, err
	}
	v, ok := strings.CutPrefix(string(raw), "pos:")
	pos, err := strconv.Atoi(v)
	if !ok || err != nil || pos < 0 {
		return 0, errors.New("not a position")
	}
	return pos, nil
}

// wait sleeps for d, or until ctx ends.
func wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// fail answers a JSON error.
func fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	e := struct {
		Error string `json:"error"`
	}{msg}
	if err := json.NewEncoder(w).Encode(e); err != nil {
		return // the client went away
	}
}
