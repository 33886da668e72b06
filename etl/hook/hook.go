// Package hook holds the actions a pipeline runs after a run (its
// on_success and on_failure hooks): Webhook posts the run's event to a
// URL, Airflow triggers a DAG run over Airflow's REST API, RabbitMQ
// publishes the event to an exchange with publisher confirms. All
// implement etl.Hook; the first two send their requests with
// internal/httpclient, so they take the same auth, tls, timeout and retry
// settings as the http source.
package hook

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/warehouse-loader/loader/internal/httpclient"
)

// Options are what every hook takes besides its settings.
type Options struct {
	// Secrets are more values to redact from errors and logs: those of
	// the pipeline file's ${NAME} references.
	Secrets []string
	// Log receives the client's warnings (insecure TLS) and retries, and
	// the Airflow hook's line about a DAG run already triggered.
	Log *slog.Logger
}

// DefaultTimeout bounds one request of a hook whose settings set no
// timeout (the runner also bounds all of a run's hooks together).
const DefaultTimeout = 10 * time.Second

// newClient returns the HTTP client the settings describe.
func newClient(s httpclient.Settings, o Options) (*httpclient.Client, error) {
	cfg, err := s.Config(o.Secrets)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	cfg.Log = o.Log
	return httpclient.New(cfg)
}

// checkURL checks that raw is an absolute http or https URL; its error
// shows the URL redacted by c.
func checkURL(c *httpclient.Client, key, raw string) error {
	if raw == "" {
		return fmt.Errorf("%s is missing", key)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s %q is not an http:// or https:// URL", key, c.Redact(raw))
	}
	return nil
}

// jsonHeader returns header with the JSON content type, unless it sets
// one of its own.
func jsonHeader(header map[string]string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}
	for k, v := range header {
		h.Set(k, v)
	}
	return h
}
