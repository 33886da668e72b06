package kafkasource

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

func init() { source.Register("kafka", factory) }

// settings are the settings of `source: {kafka: {...}}`.
type settings struct {
	Brokers       []string        `yaml:"brokers"`
	Topic         string          `yaml:"topic"`
	Partitions    []int32         `yaml:"partitions"`
	Start         string          `yaml:"start"`
	Format        string          `yaml:"format"`
	Columns       []string        `yaml:"columns"`
	Follow        bool            `yaml:"follow"`
	FlushInterval time.Duration   `yaml:"flush_interval"`
	Timeout       time.Duration   `yaml:"timeout"`
	FetchMaxBytes int32           `yaml:"fetch_max_bytes"`
	SASL          *saslSettings   `yaml:"sasl"`
	TLS           *httpclient.TLS `yaml:"tls"`
}

// saslSettings are the settings of `sasl: {...}`.
type saslSettings struct {
	Mechanism string `yaml:"mechanism"`
	User      string `yaml:"user"`
	Password  string `yaml:"password"`
}

// factory builds a kafka source from its settings.
func factory(_ context.Context, p source.Params) (etl.Source, func(), error) {
	var s settings
	if err := p.Decode("kafka", &s); err != nil {
		return nil, nil, err
	}
	cfg, err := s.config(p)
	if err != nil {
		return nil, nil, fmt.Errorf("kafka source: %w", err)
	}
	src, err := New(cfg, p.Log)
	if err != nil {
		return nil, nil, err
	}
	return src, func() {}, nil
}

// config is the Config the settings say.
func (s settings) config(p source.Params) (Config, error) {
	cfg := Config{Brokers: s.Brokers, Topic: s.Topic, Partitions: s.Partitions, Start: s.Start, Format: s.Format,
		Columns: s.Columns, Follow: s.Follow || p.Follow, FlushInterval: s.FlushInterval, Timeout: s.Timeout,
		FetchMaxBytes: s.FetchMaxBytes, Secrets: p.Secrets}
	if s.SASL != nil {
		cfg.SASL = &SASL{Mechanism: s.SASL.Mechanism, User: s.SASL.User, Password: s.SASL.Password}
	}
	if s.TLS == nil {
		return cfg, nil
	}
	log := p.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var err error
	cfg.TLS, err = s.TLS.Config(log)
	return cfg, err
}
