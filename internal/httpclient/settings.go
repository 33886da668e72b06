package httpclient

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Settings is how a pipeline file spells a Config: the keys a source or a
// hook takes inline (`auth:`, `tls:`, `timeout: 30s`, `retry:`,
// `rate_limit:`, `max_body: 64MiB`). Durations are Go durations; sizes are
// bytes, or a number with KiB, MiB or GiB.
type Settings struct {
	Auth           Auth          `yaml:"auth"`
	TLS            TLS           `yaml:"tls"`
	Timeout        string        `yaml:"timeout"`
	ConnectTimeout string        `yaml:"connect_timeout"`
	Retry          RetrySettings `yaml:"retry"`
	RateLimit      float64       `yaml:"rate_limit"`
	MaxBody        string        `yaml:"max_body"`
}

// RetrySettings is how a pipeline file spells a Retry.
type RetrySettings struct {
	Attempts   int    `yaml:"attempts"`
	MaxElapsed string `yaml:"max_elapsed"`
	Initial    string `yaml:"initial"`
	Max        string `yaml:"max"`
	Statuses   []int  `yaml:"statuses"`
}

// Config checks the settings and returns the Config they describe, with
// secrets (more values to redact) added. Its errors name the key at fault.
func (s Settings) Config(secrets []string) (Config, error) {
	cfg := Config{Auth: s.Auth, TLS: s.TLS, RateLimit: s.RateLimit, Secrets: secrets}
	var errs []error
	dur := func(key, v string, out *time.Duration) {
		if v == "" {
			return
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s: %q is not a duration like 30s or 2m", key, v))
		}
		*out = d
	}
	dur("timeout", s.Timeout, &cfg.Timeout)
	dur("connect_timeout", s.ConnectTimeout, &cfg.ConnectTimeout)
	dur("retry.max_elapsed", s.Retry.MaxElapsed, &cfg.Retry.MaxElapsed)
	dur("retry.initial", s.Retry.Initial, &cfg.Retry.Initial)
	dur("retry.max", s.Retry.Max, &cfg.Retry.Max)
	cfg.Retry.Attempts, cfg.Retry.Statuses = s.Retry.Attempts, s.Retry.Statuses
	if r := cfg.Retry; r.Initial > 0 && r.Max > 0 && r.Initial > r.Max {
		errs = append(errs, fmt.Errorf("retry.initial: %s is above retry.max (%s)", r.Initial, r.Max))
	}
	if s.Retry.Attempts < 0 {
		errs = append(errs, fmt.Errorf("retry.attempts: %d is below 1; 1 means no retry", s.Retry.Attempts))
	}
	for _, st := range s.Retry.Statuses {
		if st < 100 || st > 599 {
			errs = append(errs, fmt.Errorf("retry.statuses: %d is not an HTTP status", st))
		}
	}
	if s.RateLimit < 0 {
		errs = append(errs, fmt.Errorf("rate_limit: %v is below 0; it is requests per second", s.RateLimit))
	}
	if s.MaxBody != "" {
		n, err := ParseSize(s.MaxBody)
		if err != nil {
			errs = append(errs, fmt.Errorf("max_body: %w", err))
		}
		cfg.MaxBody = n
	}
	errs = append(errs, checkAuth(s.Auth), checkTLS(s.TLS))
	return cfg, errors.Join(errs...)
}

// checkAuth checks that at most one way to authenticate is set, completely.
func checkAuth(a Auth) error {
	n := 0
	for _, set := range []bool{a.Bearer != "", a.Basic != nil, a.APIKey != nil, a.OAuth2 != nil} {
		if set {
			n++
		}
	}
	switch {
	case n > 1:
		return errors.New("auth: set one of bearer, basic, api_key and oauth2")
	case a.Basic != nil && a.Basic.User == "":
		return errors.New("auth.basic: user is empty")
	case a.APIKey != nil && (a.APIKey.Name == "" || a.APIKey.Value == ""):
		return errors.New("auth.api_key: name and value are both needed")
	case a.APIKey != nil && a.APIKey.In != "" && a.APIKey.In != "header" && a.APIKey.In != "query":
		return fmt.Errorf("auth.api_key.in: %q is neither header nor query", a.APIKey.In)
	case a.OAuth2 != nil && (a.OAuth2.TokenURL == "" || a.OAuth2.ClientID == ""):
		return errors.New("auth.oauth2: token_url and client_id are both needed")
	case a.OAuth2 != nil && a.OAuth2.AuthStyle != "" && a.OAuth2.AuthStyle != "basic" && a.OAuth2.AuthStyle != "post":
		return fmt.Errorf("auth.oauth2.auth_style: %q is neither basic (client_secret_basic) nor post (client_secret_post)", a.OAuth2.AuthStyle)
	}
	return nil
}

// checkTLS checks that a client certificate comes with its key.
func checkTLS(t TLS) error {
	if (t.CertFile == "") != (t.KeyFile == "") {
		return errors.New("tls: cert_file and key_file go together (a client certificate and its key)")
	}
	return nil
}

// ParseSize reads a size in bytes: "1048576", "512KiB", "64MiB", "1GiB".
func ParseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.n
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a size like 1048576 or 64MiB", s)
	}
	return n * mult, nil
}
