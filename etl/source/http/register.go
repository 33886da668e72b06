package httpsource

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

func init() { source.Register("http", factory) }

// settings are the settings of `source: {http: {...}}`.
type settings struct {
	URL                 string            `yaml:"url"`
	Method              string            `yaml:"method"`
	Params              map[string]string `yaml:"params"`
	Headers             map[string]string `yaml:"headers"`
	Body                any               `yaml:"body"`
	Records             string            `yaml:"records"`
	Format              string            `yaml:"format"`
	Columns             []string          `yaml:"columns"`
	Paginate            *Paginate         `yaml:"paginate"`
	Cursor              *Incremental      `yaml:"cursor"`
	httpclient.Settings `yaml:",inline"`
}

// factory builds an http source and its client from the settings.
func factory(_ context.Context, p source.Params) (etl.Source, func(), error) {
	var s settings
	if err := p.Decode("http", &s); err != nil {
		return nil, nil, err
	}
	cfg, err := s.config(p)
	if err != nil {
		return nil, nil, err
	}
	ccfg, err := s.Config(p.Secrets)
	if err != nil {
		return nil, nil, fmt.Errorf("http source: %w", err)
	}
	ccfg.Log = p.Log
	client, err := httpclient.New(ccfg)
	if err != nil {
		return nil, nil, fmt.Errorf("http source: %w", err)
	}
	src, err := New(cfg, client, p.Log)
	if err != nil {
		return nil, nil, err
	}
	return src, func() {}, nil
}

// config turns the settings into a Config.
func (s settings) config(p source.Params) (Config, error) {
	cfg := Config{URL: s.URL, Method: s.Method, Params: s.Params, Headers: s.Headers, Records: s.Records,
		Format: s.Format, Columns: s.Columns, Cursor: s.Cursor, Mode: p.Mode}
	if s.Paginate != nil {
		cfg.Paginate = *s.Paginate
	}
	if s.Body != nil {
		b, err := json.Marshal(s.Body)
		if err != nil {
			return Config{}, fmt.Errorf("http source: body: %w", err)
		}
		cfg.Body = b
	}
	if k := s.Auth.APIKey; k != nil && k.In == "query" {
		cfg.SecretParams = []string{k.Name}
	}
	cfg.Credentials = append(credentials(s.Auth), headerSecrets(s.Headers, p.Secrets)...)
	cfg.SecretParams = append(cfg.SecretParams, secretParams(s.URL, s.Params, p.Secrets)...)
	return cfg, nil
}

// secretParams returns the query parameters, of the URL or of params,
// whose values hold a secret (see holdsSecret): they are kept out of
// checkpoints and put back into every request.
func secretParams(rawURL string, params map[string]string, secrets []string) []string {
	holds := func(v string) bool { return len(heldSecrets(v, secrets)) > 0 }
	var names []string
	for k, v := range params {
		if holds(v) {
			names = append(names, k)
		}
	}
	if u, err := url.Parse(rawURL); err == nil {
		for k, vs := range u.Query() {
			if slices.ContainsFunc(vs, holds) {
				names = append(names, k)
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// heldSecrets returns the secrets (${NAME} values) the value v holds: one
// it equals, or one at least minCredential long it contains (a shorter
// one, 2024 or 100, is as likely ordinary text around it).
func heldSecrets(v string, secrets []string) []string {
	var out []string
	for _, s := range secrets {
		if s != "" && (v == s || len(s) >= minCredential && strings.Contains(v, s)) {
			out = append(out, s)
		}
	}
	return out
}

// headerSecrets returns the secrets the header values hold: credentials,
// like those of auth:, that a checkpoint must not store.
func headerSecrets(headers map[string]string, secrets []string) []string {
	out := make([]string, 0, len(headers))
	for _, v := range headers {
		out = append(out, heldSecrets(v, secrets)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// credentials returns the secret values of an authentication.
func credentials(a httpclient.Auth) []string {
	out := []string{a.Bearer}
	if a.Basic != nil {
		out = append(out, a.Basic.Password)
	}
	if a.APIKey != nil {
		out = append(out, a.APIKey.Value)
	}
	if a.OAuth2 != nil {
		out = append(out, a.OAuth2.ClientSecret)
	}
	return slices.DeleteFunc(out, func(v string) bool { return v == "" })
}
