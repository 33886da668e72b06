package demoapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// page is a decoded answer of GET /v1/orders.
type page struct {
	Data []struct {
		OrderID   string          `json:"order_id"`
		Status    string          `json:"status"`
		UpdatedAt string          `json:"updated_at"`
		Amount    json.RawMessage `json:"amount"`
		PlacedAt  string          `json:"placed_at"`
		Customer  struct {
			ID string `json:"id"`
		} `json:"customer"`
	} `json:"data"`
	NextCursor *string `json:"next_cursor"`
	HasMore    bool    `json:"has_more"`
}

func serve(t *testing.T, cfg Config) (*API, *httptest.Server) {
	t.Helper()
	api, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return api, srv
}

func get(t *testing.T, srv *httptest.Server, token string, q url.Values) (int, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/orders?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var body json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("the answer is not JSON: %v", err)
	}
	return resp.StatusCode, body
}

// readAll follows next_cursor from the first page and returns the ids read.
func readAll(t *testing.T, srv *httptest.Server, q url.Values) []string {
	t.Helper()
	var ids []string
	for range 1000 {
		code, body := get(t, srv, "tok", q)
		var p page
		if err := json.Unmarshal(body, &p); code != http.StatusOK || err != nil {
			t.Fatalf("status %d, %v: %s", code, err, body)
		}
		for _, o := range p.Data {
			ids = append(ids, o.OrderID)
		}
		if p.NextCursor == nil {
			if p.HasMore {
				t.Fatal("has_more without a next_cursor")
			}
			return ids
		}
		q.Set("cursor", *p.NextCursor)
	}
	t.Fatal("no last page after 1000 pages")
	return nil
}

func TestPagesHoldEveryOrderOnceInOrder(t *testing.T) {
	for _, limit := range []int{1, 7, 50, 1000} {
		t.Run(strconv.Itoa(limit), func(t *testing.T) {
			_, srv := serve(t, Config{Token: "tok", Records: 301, PageSize: 50})
			ids := readAll(t, srv, url.Values{"limit": {strconv.Itoa(limit)}})
			if len(ids) != 301 || ids[0] != "ORD-0000001" || ids[300] != "ORD-0000301" {
				t.Fatalf("%d ids, first %v", len(ids), ids[:min(3, len(ids))])
			}
		})
	}
}

func TestUpdatedSinceIsInclusive(t *testing.T) {
	_, srv := serve(t, Config{Token: "tok", Records: 10})
	// Orders 7 and 8 (positions 6 and 7) share 08:00:03.
	ids := readAll(t, srv, url.Values{"updated_since": {"2024-01-01T08:00:03Z"}})
	if strings.Join(ids, ",") != "ORD-0000007,ORD-0000008,ORD-0000009,ORD-0000010" {
		t.Fatalf("ids %v", ids)
	}
}

func TestRequestsTheAPIRefuses(t *testing.T) {
	_, srv := serve(t, Config{Token: "tok", Records: 10, MaxLimit: 100})
	cases := []struct {
		name, token string
		q           url.Values
		status      int
		want        string
	}{
		{"no token", "", nil, http.StatusUnauthorized, "bearer token"},
		{"wrong token", "nope", nil, http.StatusUnauthorized, "bearer token"},
		{"limit too big", "tok", url.Values{"limit": {"101"}}, http.StatusBadRequest, "between 1 and 100"},
		{"limit not a number", "tok", url.Values{"limit": {"ten"}}, http.StatusBadRequest, `limit "ten"`},
		{"bad cursor", "tok", url.Values{"cursor": {"!!"}}, http.StatusBadRequest, "cursor"},
		{"bad since", "tok", url.Values{"updated_since": {"yesterday"}}, http.StatusBadRequest, "RFC 3339"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := get(t, srv, tc.token, tc.q)
			var e struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal(body, &e); err != nil || code != tc.status || !strings.Contains(e.Error, tc.want) {
				t.Fatalf("status %d, %s; want %d with %q", code, body, tc.status, tc.want)
			}
		})
	}
}

func TestFlawsAreBadValues(t *testing.T) {
	api, _ := serve(t, Config{Records: 500, Flaws: true})
	var amounts, times int
	for o := range api.Orders() {
		if o.Amount == `"n/a"` {
			amounts++
		}
		if _, err := time.Parse(time.RFC3339, o.PlacedAt); err != nil {
			times++
		}
	}
	if amounts != 2 || times != 2 {
		t.Fatalf("%d bad amounts, %d bad times in 500 orders, want 2 and 2", amounts, times)
	}
}

// Reading to the end adds the changes; a read from the last updated_at
// of the first read returns that boundary's orders again and the changes,
// each once, as Orders has them.
func TestGrowAddsChangesAfterAFullRead(t *testing.T) {
	api, srv := serve(t, Config{Token: "tok", Records: 20, Grow: 6, PageSize: 8})
	if first := readAll(t, srv, url.Values{}); len(first) != 20 {
		t.Fatalf("first read: %d orders, want 20", len(first))
	}
	since := Start.Add(9 * time.Second) // orders 19 and 20
	var want []string
	for o := range api.Orders() {
		if !o.UpdatedAt.Before(since) {
			want = append(want, o.ID)
		}
	}
	got := readAll(t, srv, url.Values{"updated_since": {since.Format(time.RFC3339)}})
	if len(want) < 7 || strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("since %s: %v, want %v (the boundary orders and the 6 changes)", since, got, want)
	}
}
