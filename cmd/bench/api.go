package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/warehouse-loader/loader/internal/demoapi"
)

// The api_to_pg case: the demo orders API (internal/demoapi) served by this
// process, read by bench_api (the http source) into api_orders.
const (
	apiToPG     = "api_to_pg"
	apiToken    = "bench-token" // bench/pipelines.yaml sends it
	apiPageSize = 1000
	// apiAddrEnv is how bench/pipelines.yaml learns the server's address
	// (${LOADER_BENCH_API_ADDR}); it is set for every case, as the file
	// must parse in all of them.
	apiAddrEnv = "LOADER_BENCH_API_ADDR"
)

// apiServer is the API of the case and what a full read of it must load.
type apiServer struct {
	api  *demoapi.API
	srv  *http.Server
	addr string
	want digest
	mark int64 // orders served when the reference run started
}

// startAPI serves n orders on a free local port and sets apiAddrEnv.
func startAPI(ctx context.Context, n int) (*apiServer, error) {
	api, err := demoapi.New(demoapi.Config{Token: apiToken, Records: n, PageSize: apiPageSize, Seed: 1})
	if err != nil {
		return nil, err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("the api case's server: %w", err)
	}
	s := &apiServer{api: api, addr: ln.Addr().String(), want: apiDigestOf(api)}
	s.srv = &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, os.Setenv(apiAddrEnv, s.addr)
}

func (s *apiServer) close() { _ = s.srv.Close() }

// apiDigestOf is the digest of the orders as api_orders must hold them.
func apiDigestOf(api *demoapi.API) digest {
	var s summer
	for o := range api.Orders() {
		s.add(o.ID, o.Status, o.PlacedAt, o.UpdatedAt.Format(time.RFC3339), o.Amount, o.Currency,
			o.CustomerJSON(), strconv.Itoa(o.Items))
	}
	return s.digest()
}

// pgAPIDigestSQL is apiDigestOf computed over loader_bench.api_orders.
const pgAPIDigestSQL = `SELECT count(*), coalesce(sum(('x' || substr(md5(
	order_id || '|' || status || '|' || to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '|' ||
	to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '|' || amount::text || '|' ||
	currency || '|' || customer || '|' || items), 1, 16))::bit(64)::bigint), 0)::text
FROM ` + schema + `.api_orders`

// fetchAll is the reference: a plain Go client asking for every page in
// turn and decoding nothing but the next cursor, so its time is the
// server's own time to serve the pages (and the transfer).
func (s *apiServer) fetchAll(ctx context.Context) (measurement, error) {
	client := &http.Client{Timeout: time.Minute}
	start := time.Now()
	cursor := ""
	for {
		u := "http://" + s.addr + "/v1/orders?limit=" + strconv.Itoa(apiPageSize)
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		body, err := s.get(ctx, client, u)
		if err != nil {
			return measurement{}, err
		}
		if cursor = nextCursor(body); cursor == "" {
			return measurement{seconds: time.Since(start).Seconds()}, nil
		}
	}
}

func (s *apiServer) get(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+apiToken)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s: %.200s", u, resp.Status, body)
	}
	return body, err
}

// nextCursor finds the next_cursor string at the end of a page ("" on the
// last page, where it is null).
func nextCursor(body []byte) string {
	key := []byte(`"next_cursor":"`)
	i := bytes.LastIndex(body, key)
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	if j := bytes.IndexByte(rest, '"'); j >= 0 {
		return string(rest[:j])
	}
	return ""
}

// apiToPG: bench_api into an empty, freshly migrated schema, against
// the plain client reading the same pages.
func (b *bench) apiToPG() benchCase {
	s := b.api
	return benchCase{
		name:      apiToPG,
		loaderCmd: "loader run bench_api (HTTP API → api_orders, empty table)",
		reference: "a Go client fetching every page, decoding nothing (the server's own time)",
		target:    0.2,
		want:      &s.want,
		loader: side{
			prepare: b.freshPG,
			timed: func(ctx context.Context) (measurement, error) {
				return b.runPipeline(ctx, b.pg.loaderURL, "bench_api", "")
			},
			digest: b.pg.apiDigest,
		},
		ref: side{
			prepare: func(context.Context) error { s.mark = s.api.Served(); return nil },
			timed:   s.fetchAll,
			digest: func(context.Context) (digest, error) {
				return digest{Rows: s.api.Served() - s.mark, Sum: s.want.Sum}, nil
			},
		},
	}
}

func (p *postgres) apiDigest(ctx context.Context) (digest, error) {
	return p.queryDigest(ctx, pgAPIDigestSQL, "api_orders")
}

// queryDigest runs a digest query (count, checksum) over table.
func (p *postgres) queryDigest(ctx context.Context, query, table string) (digest, error) {
	var d digest
	if err := p.db.QueryRowContext(ctx, query).Scan(&d.Rows, &d.Sum); err != nil {
		return d, fmt.Errorf("checksum of %s.%s: %w", schema, table, err)
	}
	return d, nil
}

// placeholderAddr sets the address variable env of bench/pipelines.yaml,
// when unset, to an address nothing listens on, so the file parses when
// the case that serves it does not run.
func placeholderAddr(env string) error {
	if os.Getenv(env) != "" {
		return nil
	}
	return os.Setenv(env, "127.0.0.1:9")
}
