package hook

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// RabbitMQSettings are a rabbitmq hook's settings in a pipeline file: the
// run's event is published, as JSON, to Exchange with RoutingKey.
type RabbitMQSettings struct {
	// URL is amqp://user:password@host:5672/vhost (amqps:// for TLS);
	// the password belongs in ${NAME}.
	URL string `yaml:"url"`
	// Exchange is the exchange published to ("" is the default exchange,
	// which routes by queue name).
	Exchange string `yaml:"exchange"`
	// RoutingKey is a text/template over the etl.RunEvent (default
	// "loader.{{.Pipeline}}.{{.Status}}").
	RoutingKey string `yaml:"routing_key"`
	// Timeout bounds connecting, publishing and the broker's confirm
	// (default DefaultTimeout).
	Timeout time.Duration   `yaml:"timeout"`
	TLS     *httpclient.TLS `yaml:"tls"`
}

// RabbitMQ publishes a run's event to an exchange with publisher
// confirms: Fire returns once the broker has taken the message
// (persistent, with a message id the run names, so consumers can tell a
// message published twice: a hook is at least once). It implements
// etl.Hook.
type RabbitMQ struct {
	url      string
	shown    string // the URL, password hidden
	exchange string
	key      value
	timeout  time.Duration
	tls      *tls.Config
	secrets  []string
}

var _ etl.Hook = (*RabbitMQ)(nil)

// NewRabbitMQ checks the settings and returns the hook they describe.
func NewRabbitMQ(s RabbitMQSettings, o Options) (*RabbitMQ, error) {
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "amqp" && u.Scheme != "amqps") || u.Host == "" {
		return nil, errors.New("url: want amqp://user:password@host:5672/vhost (or amqps://)")
	}
	if _, err := amqp.ParseURI(s.URL); err != nil {
		return nil, fmt.Errorf("url %s: %s", u.Redacted(), hide(err.Error(), o.Secrets))
	}
	key, err := compileText(&yaml.Node{Value: orDefault(s.RoutingKey, "loader.{{.Pipeline}}.{{.Status}}")}, "routing_key")
	if err != nil {
		return nil, err
	}
	if s.Timeout < 0 {
		return nil, errors.New("timeout: must not be negative")
	}
	h := &RabbitMQ{url: s.URL, shown: u.Redacted(), exchange: s.Exchange, key: key, timeout: s.Timeout, secrets: o.Secrets}
	if h.timeout == 0 {
		h.timeout = DefaultTimeout
	}
	if s.TLS != nil {
		if h.tls, err = s.TLS.Config(o.Log); err != nil {
			return nil, fmt.Errorf("tls: %w", err)
		}
	}
	return h, nil
}

// Name names the hook: its exchange and broker.
func (h *RabbitMQ) Name() string {
	ex := h.exchange
	if ex == "" {
		ex = "(default)"
	}
	return fmt.Sprintf("rabbitmq exchange %s at %s", ex, h.shown)
}

// Fire publishes the event and waits for the broker's confirm, within
// the hook's timeout and ctx. A message the broker returns unroutable is
// no error: nothing listens yet.
func (h *RabbitMQ) Fire(ctx context.Context, e etl.RunEvent) error {
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	err := h.publish(ctx, e)
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("%w: no answer within %v (raise timeout: if the broker is slow)", err, h.timeout)
	}
	if err != nil {
		return errors.New(hide(err.Error(), h.secrets))
	}
	return nil
}

func (h *RabbitMQ) publish(ctx context.Context, e etl.RunEvent) error {
	k, err := h.key.render(e)
	if err != nil {
		return err
	}
	key, _ := k.(string)
	body, err := json.Marshal(e)
	if err != nil {
		return err
	}
	deadline, _ := ctx.Deadline()
	cfg := amqp.Config{TLSClientConfig: h.tls, Dial: func(network, addr string) (net.Conn, error) {
		conn, err := (&net.Dialer{Deadline: deadline}).DialContext(ctx, network, addr)
		if err == nil {
			// The handshake, a moment past ctx's end, so that a broker that
			// does not answer reads as ctx's timeout; publishing is bounded
			// by ctx itself below.
			err = conn.SetDeadline(deadline.Add(500 * time.Millisecond))
		}
		return conn, err
	}}
	conn, err := amqp.DialConfig(h.url, cfg)
	if err != nil {
		return fmt.Errorf("connecting: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() }) // unblocks a call the broker does not answer
	defer func() {
		stop()
		_ = conn.Close()
	}()
	ch, err := conn.Channel()
	if err != nil {
		return fmt.Errorf("opening a channel: %w", err)
	}
	if err := ch.Confirm(false); err != nil {
		return fmt.Errorf("asking for publisher confirms: %w", err)
	}
	msg := amqp.Publishing{
		ContentType: "application/json", DeliveryMode: amqp.Persistent, Timestamp: time.Now().UTC(), Body: body,
		MessageId: "loader__" + e.Pipeline + "__run_" + strconv.FormatInt(e.RunID, 10), Type: "loader.run",
	}
	dc, err := ch.PublishWithDeferredConfirmWithContext(ctx, h.exchange, key, false, false, msg)
	if err != nil {
		return fmt.Errorf("publishing: %w", err)
	}
	ok, err := dc.WaitContext(ctx)
	switch {
	case err != nil:
		return fmt.Errorf("waiting for the broker's confirm: %w", err)
	case !ok:
		return errors.New("the broker refused the message (nack); see its logs")
	}
	return nil
}

// hide replaces each secret in text by xxxxx.
func hide(text string, secrets []string) string {
	for _, s := range secrets {
		if len(s) >= 4 {
			text = strings.ReplaceAll(text, s, "xxxxx")
		}
	}
	return text
}
