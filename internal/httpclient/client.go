// Package httpclient is the HTTP client of the loader's API sources and
// hooks: authentication (bearer, basic, API key, OAuth2 client
// credentials), TLS (a CA bundle, a client certificate, TLS 1.2 at least),
// deadlines, retries with backoff that honour Retry-After, an optional
// request rate, a response size limit, and errors that name the request
// with every secret redacted.
package httpclient

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// Client sends requests as its Config says. It is safe for concurrent use.
type Client struct {
	cfg     Config
	http    *http.Client
	redact  *redactor
	log     *slog.Logger
	limiter *rate.Limiter // nil: no rate limit
	tokens  *tokens       // nil: no OAuth2
	// now and sleep are the clock of the retries; tests replace them to
	// observe the waits without waiting.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// New returns a client for cfg. It fails when a TLS file cannot be read
// or the authentication is incomplete; with tls.insecure_skip_verify it
// logs a warning on cfg.Log.
func New(cfg Config) (*Client, error) {
	cfg = withDefaults(cfg)
	if err := errors.Join(checkAuth(cfg.Auth), checkTLS(cfg.TLS)); err != nil {
		return nil, err
	}
	transport, err := newTransport(cfg)
	if err != nil {
		return nil, err
	}
	c := &Client{
		cfg:    cfg,
		http:   &http.Client{Transport: transport, CheckRedirect: checkRedirect},
		redact: newRedactor(cfg),
		log:    cfg.Log,
		now:    time.Now,
		sleep:  sleep,
	}
	if cfg.RateLimit > 0 {
		c.limiter = rate.NewLimiter(rate.Limit(cfg.RateLimit), 1)
	}
	if cfg.Auth.OAuth2 != nil {
		c.tokens = newTokens(*cfg.Auth.OAuth2, transport, c.redact)
	}
	return c, nil
}

// withDefaults fills the zero fields of cfg with their defaults.
func withDefaults(cfg Config) Config {
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
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.Retry = retryDefaults(cfg.Retry)
	return cfg
}

// retryDefaults fills the zero fields of r with their defaults.
func retryDefaults(r Retry) Retry {
	if r.Attempts <= 0 {
		r.Attempts = DefaultAttempts
	}
	if r.MaxElapsed <= 0 {
		r.MaxElapsed = DefaultMaxElapsed
	}
	if r.Initial <= 0 {
		r.Initial = DefaultInitial
	}
	if r.Max <= 0 {
		r.Max = DefaultMax
	}
	if r.Max < r.Initial {
		r.Max = r.Initial
	}
	if r.Statuses == nil {
		r.Statuses = []int{http.StatusTooManyRequests, http.StatusInternalServerError,
			http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout}
	}
	return r
}

// Redact returns s with every secret of the client replaced by "***" and
// the password of a URL's user information hidden. Access tokens obtained
// through OAuth2 are secrets from the moment they arrive.
func (c *Client) Redact(s string) string { return c.redact.text(s) }
