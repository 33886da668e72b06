package httpsource

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// Pagination kinds, as checkpoints name them.
const (
	byNone    = ""
	byNextURL = "next_url"
	byLink    = "link_header"
	byCursor  = "cursor"
	byOffset  = "offset"
	byPage    = "page"
)

// check validates cfg, fills its defaults and returns the parsed URL
// (params added) and the pagination kind.
func check(cfg *Config) (*url.URL, string, error) {
	own(cfg)
	base, err := checkRequest(cfg)
	if err != nil {
		return nil, "", err
	}
	by, err := checkPaginate(&cfg.Paginate)
	if err != nil {
		return nil, "", err
	}
	if cfg.Paginate.MaxPages > 0 && cfg.Mode == etl.Replace {
		return nil, "", errors.New("paginate.max_pages: a replace run swaps in what it read, so pages past max_pages would never load; remove max_pages, or use mode: upsert or append")
	}
	if cfg.Cursor != nil {
		if err := checkIncremental(cfg.Cursor, cfg.Mode); err != nil {
			return nil, "", err
		}
	}
	return base, by, nil
}

// own copies what cfg points to, so that filling defaults leaves the
// caller's values alone.
func own(cfg *Config) {
	p := &cfg.Paginate
	if p.Cursor != nil {
		c := *p.Cursor
		p.Cursor = &c
	}
	if p.Offset != nil {
		o := *p.Offset
		p.Offset = &o
	}
	if p.Page != nil {
		pg := *p.Page
		p.Page = &pg
	}
	if cfg.Cursor != nil {
		c := *cfg.Cursor
		cfg.Cursor = &c
	}
}

// checkRequest checks the request settings and returns the first URL.
func checkRequest(cfg *Config) (*url.URL, error) {
	if cfg.URL == "" {
		return nil, errors.New("url: missing; set the API's address, like url: https://api.example.com/v1/orders")
	}
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("url: %q is not an http or https URL", redactURL(cfg.URL))
	}
	if u.User != nil {
		return nil, errors.New("url: credentials in the URL (user:password@) are not sent; use auth: {basic: {user: …, password: …}}")
	}
	q := u.Query()
	for k, v := range cfg.Params {
		q.Set(k, v)
	}
	u.RawQuery = q.Encode()
	switch cfg.Method = strings.ToUpper(cfg.Method); cfg.Method {
	case "":
		cfg.Method = http.MethodGet
	case http.MethodGet, http.MethodPost:
	default:
		return nil, fmt.Errorf("method: %q is neither GET nor POST", cfg.Method)
	}
	if cfg.Method == http.MethodGet && len(cfg.Body) > 0 {
		return nil, errors.New("body: a GET request sends no body; set method: POST")
	}
	switch cfg.Format {
	case "":
		cfg.Format = FormatAuto
	case FormatAuto, FormatJSON, FormatNDJSON:
	default:
		return nil, fmt.Errorf("format: %q is not auto, json or ndjson", cfg.Format)
	}
	if cfg.Format == FormatNDJSON && cfg.Records != "" {
		return nil, errors.New("records: an NDJSON body has one record per line; remove records or set format: json")
	}
	if len(cfg.Columns) > 0 {
		if _, err := etl.NewColumns(cfg.Columns...); err != nil {
			return nil, fmt.Errorf("columns: %w", err)
		}
	}
	return u, nil
}

// redactURL hides the user information of a URL that failed to parse.
func redactURL(s string) string {
	if at := strings.LastIndex(s, "@"); at >= 0 {
		if i := strings.Index(s, "://"); i >= 0 && i < at {
			return s[:i+3] + "***" + s[at:]
		}
	}
	return s
}
