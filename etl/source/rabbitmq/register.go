package rabbitmqsource

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

func init() { source.Register("rabbitmq", factory) }

// settings are the settings of `source: {rabbitmq: {...}}`.
type settings struct {
	URL           string          `yaml:"url"`
	Queue         string          `yaml:"queue"`
	Format        string          `yaml:"format"`
	Columns       []string        `yaml:"columns"`
	Prefetch      int             `yaml:"prefetch"`
	Stream        bool            `yaml:"stream"`
	Follow        bool            `yaml:"follow"`
	FlushInterval time.Duration   `yaml:"flush_interval"`
	Idle          time.Duration   `yaml:"idle"`
	Timeout       time.Duration   `yaml:"timeout"`
	TLS           *httpclient.TLS `yaml:"tls"`
}

// factory builds a rabbitmq source from its settings.
func factory(_ context.Context, p source.Params) (etl.Source, func(), error) {
	var s settings
	if err := p.Decode("rabbitmq", &s); err != nil {
		return nil, nil, err
	}
	log := p.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg := Config{URL: s.URL, Queue: s.Queue, Format: s.Format, Columns: s.Columns, Prefetch: s.Prefetch,
		Stream: s.Stream, Follow: s.Follow || p.Follow, FlushInterval: s.FlushInterval, Idle: s.Idle, Timeout: s.Timeout, Secrets: p.Secrets}
	if s.TLS != nil {
		tc, err := s.TLS.Config(log)
		if err != nil {
			return nil, nil, fmt.Errorf("rabbitmq source: %w", err)
		}
		cfg.TLS = tc
	}
	src, err := New(cfg, log)
	if err != nil {
		return nil, nil, err
	}
	return src, func() {}, nil
}
