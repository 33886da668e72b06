// Package httpclient is the HTTP client of the loader's API sources and
// hooks: authentication (bearer, basic, API key, OAuth2 client
// credentials), TLS (a CA bundle, a client certificate, TLS 1.2 at least),
// deadlines, retries with backoff that honour Retry-After, an optional
// request rate, a response size limit, and errors that name the request
// with every secret redacted.
package httpclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Defaults of Config.
const (
	DefaultTimeout        = 60 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	DefaultMaxBody        = 64 << 20
)

// Config configures a Client. The zero value is a client without
// authentication, with the default deadlines, retries and size limit.
type Config struct {
	Auth Auth
	TLS  TLS
	// Timeout bounds one attempt of a request, its body read included
	// (DefaultTimeout when 0); ConnectTimeout bounds dialling and the TLS
	// handshake (DefaultConnectTimeout when 0).
	Timeout        time.Duration
	ConnectTimeout time.Duration
	Retry          Retry
	// RateLimit, when above 0, is the most requests per second the client
	// sends (token refreshes excepted).
	RateLimit float64
	// MaxBody is the largest response body read (DefaultMaxBody when 0);
	// a larger one fails the request with ErrTooLarge.
	MaxBody int64
	// Secrets are more values to redact from errors and logs (the values
	// of ${ENV} references, say), besides those in Auth.
	Secrets []string
	// Log receives warnings (insecure TLS) and a line per retry.
	Log *slog.Logger
	// UserAgent is sent with every request ("warehouse-loader" when empty).
	UserAgent string
}

// Auth is how requests authenticate; at most one field is set.
type Auth struct {
	// Bearer is sent as "Authorization: Bearer <token>".
	Bearer string  `yaml:"bearer"`
	Basic  *Basic  `yaml:"basic"`
	APIKey *APIKey `yaml:"api_key"`
	OAuth2 *OAuth2 `yaml:"oauth2"`
}

// Basic is HTTP basic authentication.
type Basic struct {
	User     string `yaml:"user"`
	Password string `yaml:"password"`
}

// APIKey is a key sent in a header or a query parameter.
type APIKey struct {
	// Name is the header or parameter name (X-API-Key, api_key).
	Name  string `yaml:"name"`
	Value string `yaml:"value"`
	// In is "header" (the default) or "query".
	In string `yaml:"in"`
}

// OAuth2 is the client credentials grant (RFC 6749 section 4.4).
type OAuth2 struct {
	TokenURL     string   `yaml:"token_url"`
	ClientID     string   `yaml:"client_id"`
	ClientSecret string   `yaml:"client_secret"`
	Scopes       []string `yaml:"scopes"`
	// Params are more form values of the token request (audience, resource).
	Params map[string]string `yaml:"params"`
	// AuthStyle is "basic" (client_secret_basic, the default) or "post"
	// (client_secret_post).
	AuthStyle string `yaml:"auth_style"`
}

// TLS configures certificate checks. TLS 1.2 is the oldest version used.
type TLS struct {
	// CAFile is a PEM bundle of the certificate authorities to trust
	// instead of the system's.
	CAFile string `yaml:"ca_file"`
	// CertFile and KeyFile are a client certificate and its key (PEM), for
	// servers that require mutual TLS.
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// InsecureSkipVerify turns certificate verification off; New logs a
	// warning each time.
	InsecureSkipVerify bool `yaml:"insecure_skip_verify"`
}

// Retry says which failures are retried and for how long.
type Retry struct {
	// Attempts is the most attempts of one request, the first included
	// (5 when 0; 1 means no retry).
	Attempts int
	// MaxElapsed bounds the time spent on one request, retries and waits
	// included (2 minutes when 0).
	MaxElapsed time.Duration
	// Initial and Max bound the exponential backoff between attempts
	// (500ms and 30s when 0); each wait is jittered.
	Initial, Max time.Duration
	// Statuses are the response statuses retried (429, 500, 502, 503 and
	// 504 when nil). Network errors are always retried.
	Statuses []int
}

// Request is one request. Header may be nil.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// Response is a successful (2xx) response, its body read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// URL is the URL that answered (after redirects), as sent: it may hold
	// an API key parameter; use Client.Redact before showing it.
	URL string
}

// ErrTooLarge is wrapped by the error of a response whose body is larger
// than Config.MaxBody.
var ErrTooLarge = errors.New("response body too large")

// StatusError is a response with a status that is not 2xx (after the
// retries, for a retried status). Its message names the method, the URL
// with secrets redacted, the status and the first bytes of the body.
type StatusError struct {
	Method string
	URL    string // redacted
	Status int
	// Body is the start of the response body, on one line.
	Body string
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s %s: %d %s", e.Method, e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// Client sends requests as its Config says. It is safe for concurrent use.
type Client struct {
	cfg    Config
	http   *http.Client
	redact *redactor
}

// New returns a client for cfg. It fails when a TLS file cannot be read
// or the authentication is incomplete.
func New(cfg Config) (*Client, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "warehouse-loader"
	}
	c := &Client{cfg: cfg, redact: newRedactor(cfg)}
	c.http = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	return c, nil
}

// Redact returns s with every secret of the client replaced by "***" and
// the password of a URL's user information hidden.
func (c *Client) Redact(s string) string { return c.redact.text(s) }

// Do sends req and reads the response body. A status that is not 2xx is a
// *StatusError; the error of a request that could not be sent names the
// method and the redacted URL. ctx bounds everything.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(actx, method, req.URL, bytes.NewReader(req.Body))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %s", method, c.Redact(req.URL), c.Redact(err.Error()))
	}
	for k, vs := range req.Header {
		hr.Header[k] = vs
	}
	hr.Header.Set("User-Agent", c.cfg.UserAgent)
	c.authorize(hr)
	resp, err := c.http.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %s", method, c.Redact(req.URL), c.Redact(err.Error()))
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading the response: %s", method, c.Redact(req.URL), c.Redact(err.Error()))
	}
	if int64(len(body)) > c.cfg.MaxBody {
		return nil, fmt.Errorf("%s %s: %w: more than %d bytes; raise max_body if the pages are that large", method, c.Redact(req.URL), ErrTooLarge, c.cfg.MaxBody)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &StatusError{Method: method, URL: c.Redact(req.URL), Status: resp.StatusCode, Body: c.Redact(snippet(body))}
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: body, URL: resp.Request.URL.String()}, nil
}

// authorize adds the static credentials to r.
func (c *Client) authorize(r *http.Request) {
	a := c.cfg.Auth
	switch {
	case a.Bearer != "":
		r.Header.Set("Authorization", "Bearer "+a.Bearer)
	case a.Basic != nil:
		r.SetBasicAuth(a.Basic.User, a.Basic.Password)
	case a.APIKey != nil && a.APIKey.In == "query":
		q := r.URL.Query()
		q.Set(a.APIKey.Name, a.APIKey.Value)
		r.URL.RawQuery = q.Encode()
	case a.APIKey != nil:
		r.Header.Set(a.APIKey.Name, a.APIKey.Value)
	}
}
