package httpclient

import (
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

// Defaults of Retry.
const (
	DefaultAttempts   = 5
	DefaultMaxElapsed = 2 * time.Minute
	DefaultInitial    = 500 * time.Millisecond
	DefaultMax        = 30 * time.Second
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
	// MaxElapsed bounds the time spent on one request: no wait for a
	// retry starts that would end after it (2 minutes when 0). An attempt
	// under way is bounded by Config.Timeout.
	MaxElapsed time.Duration
	// Initial and Max bound the exponential backoff between attempts
	// (500ms and 30s when 0); each wait is jittered.
	Initial, Max time.Duration
	// Statuses are the response statuses retried (429, 500, 502, 503 and
	// 504 when nil; none when empty). Network errors and timeouts are
	// retried; certificate and TLS handshake refusals are not. Requests
	// that are not idempotent are retried only after a failure to
	// connect, a 429 or a 503 (see Request.Idempotent).
	Statuses []int
}

// Request is one request. Header may be nil.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// Idempotent says that sending the request twice does no more than
	// sending it once, so that every failure of Retry may be retried. GET,
	// HEAD, OPTIONS, TRACE and DELETE requests, and those with an
	// Idempotency-Key header, are idempotent without it. Other requests
	// (POST, PUT, PATCH) are retried only when the server cannot have
	// acted on them: the connection or TLS handshake failed, or the server
	// refused them with 429 or 503. Set it for a POST that only reads (a
	// search API) or that the server deduplicates (an Airflow dag run with
	// a fixed dag_run_id).
	Idempotent bool
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
