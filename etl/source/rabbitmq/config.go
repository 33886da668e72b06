package rabbitmqsource

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	msgbody "github.com/warehouse-loader/loader/etl/source/message"
)

// Formats of Config.Format: how a message body is decoded.
const (
	FormatJSON   = msgbody.FormatJSON   // one JSON object per message
	FormatNDJSON = msgbody.FormatNDJSON // one JSON object per non-blank line
	FormatCSV    = msgbody.FormatCSV    // CSV lines without a header, fields as Config.Columns
)

// Defaults of the settings left zero.
const (
	DefaultPrefetch      = 1000
	DefaultFlushInterval = 5 * time.Second
	DefaultIdle          = time.Second
	DefaultTimeout       = 10 * time.Second
)

// Metadata columns: the message's properties, after the body's columns.
var metaColumns = []string{"_message_id", "_routing_key", "_exchange", "_timestamp", "_redelivered", "_headers"}

// Config says which queue a Source reads and how.
type Config struct {
	// URL is amqp://user:password@host:port/vhost (amqps for TLS). The
	// password never appears in errors or logs.
	URL string
	// Queue is the queue read; it must exist (the source never declares
	// one).
	Queue string
	// Format is FormatJSON (also ""), FormatNDJSON or FormatCSV.
	Format string
	// Columns are the body's columns, in order: the keys read (other keys
	// are ignored), or the CSV fields (required for FormatCSV). Empty for
	// JSON: the keys of the first message, and a message with another key
	// is rejected.
	Columns []string
	// Prefetch is how many messages the broker sends ahead of their
	// acknowledgement (DefaultPrefetch when 0): with the batch, what bounds
	// memory. Give at least the pipeline's batch size.
	Prefetch int
	// Stream says the queue is a stream queue (x-queue-type: stream): the
	// checkpoint holds the offset to resume at, so each message is written
	// once without an id. Bounded runs end when the stream has been idle
	// for Idle.
	Stream bool
	// Follow reads until the context is cancelled instead of ending when
	// the messages the queue held at Open are read.
	Follow bool
	// FlushInterval is, when following, how long nothing may arrive before
	// what was read is committed (DefaultFlushInterval when 0).
	FlushInterval time.Duration
	// Idle is, when bounded, how long an empty queue is waited for before
	// the run ends (DefaultIdle when 0).
	Idle time.Duration
	// Timeout bounds connecting and each call to the broker
	// (DefaultTimeout when 0).
	Timeout time.Duration
	// TLS configures amqps connections; nil: the system's CAs.
	TLS *tls.Config
	// Secrets are values masked in every error and log line besides the
	// URL's password (the ${NAME} values of the pipeline file).
	Secrets []string
}

// check fills in defaults and validates cfg; it returns the parsed URL.
func (cfg *Config) check() (amqp.URI, error) {
	if cfg.URL == "" {
		return amqp.URI{}, errors.New("url: is required (amqp://user:password@host:5672/vhost)")
	}
	uri, err := amqp.ParseURI(cfg.URL)
	if err != nil {
		return amqp.URI{}, fmt.Errorf("url: %s; want amqp://user:password@host:5672/vhost", redact(err.Error(), cfg.URL, cfg.Secrets))
	}
	if strings.TrimSpace(cfg.Queue) == "" {
		return amqp.URI{}, errors.New("queue: is required (the name of an existing queue)")
	}
	if err := cfg.checkBody(); err != nil {
		return amqp.URI{}, err
	}
	if cfg.Prefetch < 0 || cfg.Prefetch > 65535 {
		return amqp.URI{}, fmt.Errorf("prefetch: %d is out of range; give 1 to 65535", cfg.Prefetch)
	}
	if cfg.FlushInterval < 0 || cfg.Idle < 0 || cfg.Timeout < 0 {
		return amqp.URI{}, errors.New("flush_interval:, idle: and timeout: must not be negative")
	}
	cfg.Prefetch = orDefault(cfg.Prefetch, DefaultPrefetch)
	cfg.FlushInterval = orDefault(cfg.FlushInterval, DefaultFlushInterval)
	cfg.Idle = orDefault(cfg.Idle, DefaultIdle)
	cfg.Timeout = orDefault(cfg.Timeout, DefaultTimeout)
	return uri, nil
}

// checkBody checks the format and the columns.
func (cfg *Config) checkBody() error {
	format, err := msgbody.CheckFormat(cfg.Format, cfg.Columns, metaColumns)
	cfg.Format = format
	return err
}

func orDefault[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// redact returns text with the password of rawURL and the secrets
// replaced by xxxxx.
func redact(text, rawURL string, secrets []string) string {
	hide := slices.Clone(secrets)
	if u, err := url.Parse(rawURL); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok {
			hide = append(hide, pw, url.PathEscape(pw))
		}
	}
	for _, s := range hide {
		if len(s) > 0 {
			text = strings.ReplaceAll(text, s, "xxxxx")
		}
	}
	return text
}
