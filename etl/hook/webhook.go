package hook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// WebhookSettings are a webhook's settings in a pipeline file.
type WebhookSettings struct {
	URL string `yaml:"url"`
	// Method is POST (the default), PUT or PATCH.
	Method  string            `yaml:"method"`
	Headers map[string]string `yaml:"headers"`
	// Body, when set, is a mapping sent as JSON, each string in it a
	// text/template over the etl.RunEvent ("{{.Pipeline}} {{.Status}}");
	// without it the body is the event itself.
	Body yaml.Node `yaml:"body"`
	// Settings are the client's: auth, tls, timeout, retry and so on.
	httpclient.Settings `yaml:",inline"`
}

// Webhook sends a run's event to a URL. It implements etl.Hook.
type Webhook struct {
	client *httpclient.Client
	method string
	url    string
	header http.Header
	body   *mapping
}

var _ etl.Hook = (*Webhook)(nil)

// NewWebhook checks the settings and returns the webhook they describe.
// Its errors name the setting at fault; a template's names its line.
func NewWebhook(s WebhookSettings, o Options) (*Webhook, error) {
	c, err := newClient(s.Settings, o)
	if err != nil {
		return nil, err
	}
	if err := checkURL(c, "url", s.URL); err != nil {
		return nil, err
	}
	method := strings.ToUpper(orDefault(s.Method, http.MethodPost))
	if !slices.Contains([]string{http.MethodPost, http.MethodPut, http.MethodPatch}, method) {
		return nil, fmt.Errorf("method %q: use POST, PUT or PATCH", s.Method)
	}
	body, err := compileMapping(&s.Body, "body")
	if err != nil {
		return nil, err
	}
	return &Webhook{client: c, method: method, url: s.URL, header: jsonHeader(s.Headers), body: body}, nil
}

// Name is "webhook" and the URL without its query, secrets redacted.
func (w *Webhook) Name() string {
	u, err := url.Parse(w.url)
	if err != nil {
		return "webhook"
	}
	u.RawQuery, u.User = "", nil
	return "webhook " + w.client.Redact(u.String())
}

// Fire sends the event (or the body rendered for it) as JSON, with an
// Idempotency-Key header naming the run (unless the settings set one).
// Like the webhooks of most services it delivers at least once: a timeout
// or a 5xx is retried, and the key lets the receiver drop a repeat. A
// response that is not 2xx is an error naming the status.
func (w *Webhook) Fire(ctx context.Context, e etl.RunEvent) error {
	var v any = e
	if w.body != nil {
		var err error
		if v, err = w.body.render(e); err != nil {
			return fmt.Errorf("rendering the body: %s", w.client.Redact(err.Error()))
		}
	}
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding the body: %w", err)
	}
	h := w.header.Clone()
	if h.Get("Idempotency-Key") == "" {
		h.Set("Idempotency-Key", w.deliveryKey(e))
	}
	_, err = w.client.Do(ctx, httpclient.Request{Method: w.method, URL: w.url, Header: h, Body: body, Idempotent: true})
	return err
}

// deliveryKey names one delivery: the run (its pipeline, id and start, so
// that runs of another warehouse with the same id differ) and this hook
// (its URL, so two webhooks of a run to one relay differ). A receiver that
// honours it sees each delivery once, however often it is sent.
func (w *Webhook) deliveryKey(e etl.RunEvent) string {
	sum := sha256.Sum256([]byte(e.StartedAt.UTC().Format(time.RFC3339Nano) + " " + w.method + " " + w.url))
	return DagRunID(e) + "__" + hex.EncodeToString(sum[:6])
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
