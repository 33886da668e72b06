package kafkasource

import (
	"crypto/tls"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	msgbody "github.com/warehouse-loader/loader/etl/source/message"
)

// Where partitions the checkpoint has never seen start (Config.Start).
const (
	StartEarliest = "earliest" // the oldest offset the broker keeps
	StartLatest   = "latest"   // the end: only messages produced later
)

// Defaults of the settings left zero.
const (
	DefaultFlushInterval = 5 * time.Second
	DefaultTimeout       = 10 * time.Second
	// DefaultFetchMaxBytes bounds one fetch response (with at most
	// maxConcurrentFetches of them buffered, what bounds memory besides the
	// batch).
	DefaultFetchMaxBytes = 8 << 20
)

// maxConcurrentFetches is how many fetch responses may be buffered.
const maxConcurrentFetches = 2

// Metadata columns: the message's own, after the body's columns.
var metaColumns = []string{"_key", "_partition", "_offset", "_timestamp", "_headers", "_topic"}

// SASL mechanisms of SASL.Mechanism.
var mechanisms = []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"}

// SASL authenticates the connections to the brokers.
type SASL struct {
	Mechanism string // PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
	User      string
	Password  string // never in errors or logs
}

// Config says which topic a Source reads and how.
type Config struct {
	// Brokers are host:port addresses of the cluster (at least one).
	Brokers []string
	// Topic is the topic read; it must exist.
	Topic string
	// Partitions are the partitions read; empty: all of them.
	Partitions []int32
	// Start is where partitions the checkpoint has no offset for start:
	// StartEarliest (also "") or StartLatest.
	Start string
	// Format is how a message's value is decoded: message.FormatJSON
	// (also ""), FormatNDJSON or FormatCSV.
	Format string
	// Columns are the body's columns, in order: the keys read (other keys
	// are ignored), or the CSV fields (required for message.FormatCSV). Empty for
	// JSON: the keys of the first message, and a message with another key
	// is rejected.
	Columns []string
	// Follow reads until the context is cancelled instead of ending at the
	// end offsets the partitions had at Open.
	Follow bool
	// FlushInterval is, when following, how long nothing may arrive before
	// what was read is committed (DefaultFlushInterval when 0).
	FlushInterval time.Duration
	// Timeout bounds connecting and each request to the brokers, and how
	// long a bounded run waits for messages it knows exist
	// (DefaultTimeout when 0).
	Timeout time.Duration
	// FetchMaxBytes bounds a fetch response (DefaultFetchMaxBytes when 0).
	FetchMaxBytes int32
	// SASL, when set, authenticates the connections.
	SASL *SASL
	// TLS, when set, encrypts the connections.
	TLS *tls.Config
	// Secrets are values masked in every error and log line besides the
	// SASL password (the ${NAME} values of the pipeline file).
	Secrets []string
}

// check fills in defaults and validates cfg.
func (cfg *Config) check() error {
	if len(cfg.Brokers) == 0 {
		return errors.New("brokers: is required (a list of host:port)")
	}
	for _, b := range cfg.Brokers {
		if strings.TrimSpace(b) == "" || !strings.Contains(b, ":") {
			return fmt.Errorf("brokers: %q is not host:port", b)
		}
	}
	if strings.TrimSpace(cfg.Topic) == "" {
		return errors.New("topic: is required (the name of an existing topic)")
	}
	for _, p := range cfg.Partitions {
		if p < 0 {
			return fmt.Errorf("partitions: %d is negative; give partition numbers from 0", p)
		}
	}
	switch cfg.Start {
	case "":
		cfg.Start = StartEarliest
	case StartEarliest, StartLatest:
	default:
		return fmt.Errorf("start: unknown value %q; want earliest or latest", cfg.Start)
	}
	format, err := msgbody.CheckFormat(cfg.Format, cfg.Columns, metaColumns)
	if err != nil {
		return err
	}
	cfg.Format = format
	if cfg.FlushInterval < 0 || cfg.Timeout < 0 || cfg.FetchMaxBytes < 0 {
		return errors.New("flush_interval:, timeout: and fetch_max_bytes: must not be negative")
	}
	if err := cfg.SASL.check(); err != nil {
		return err
	}
	cfg.FlushInterval = orDefault(cfg.FlushInterval, DefaultFlushInterval)
	cfg.Timeout = orDefault(cfg.Timeout, DefaultTimeout)
	cfg.FetchMaxBytes = orDefault(cfg.FetchMaxBytes, DefaultFetchMaxBytes)
	return nil
}

// check validates the SASL settings (nil: none).
func (s *SASL) check() error {
	if s == nil {
		return nil
	}
	if !slices.Contains(mechanisms, s.Mechanism) {
		return fmt.Errorf("sasl: mechanism: unknown mechanism %q; want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", s.Mechanism)
	}
	if s.User == "" {
		return errors.New("sasl: user: is required")
	}
	return nil
}

func orDefault[T int32 | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// redact returns text with the SASL password and the secrets replaced
// by xxxxx.
func (cfg *Config) redact(text string) string {
	hide := slices.Clone(cfg.Secrets)
	if cfg.SASL != nil {
		hide = append(hide, cfg.SASL.Password)
	}
	for _, s := range hide {
		if len(s) > 0 {
			text = strings.ReplaceAll(text, s, "xxxxx")
		}
	}
	return text
}
