package httpclient

import (
	"strings"
	"testing"
	"time"
)

func TestSettingsConfig(t *testing.T) {
	s := Settings{
		Auth: Auth{Bearer: "tok"}, Timeout: "30s", ConnectTimeout: "5s", RateLimit: 2.5, MaxBody: "1MiB",
		Retry: RetrySettings{Attempts: 3, MaxElapsed: "1m", Initial: "1s", Max: "10s", Statuses: []int{503}},
	}
	cfg, err := s.Config([]string{"env-secret"})
	if err != nil {
		t.Fatal(err)
	}
	want := Retry{Attempts: 3, MaxElapsed: time.Minute, Initial: time.Second, Max: 10 * time.Second}
	if cfg.Timeout != 30*time.Second || cfg.ConnectTimeout != 5*time.Second || cfg.RateLimit != 2.5 || cfg.MaxBody != 1<<20 ||
		cfg.Retry.Attempts != want.Attempts || cfg.Retry.MaxElapsed != want.MaxElapsed || cfg.Retry.Initial != want.Initial ||
		cfg.Retry.Max != want.Max || len(cfg.Retry.Statuses) != 1 || cfg.Auth.Bearer != "tok" || cfg.Secrets[0] != "env-secret" {
		t.Fatalf("Config() = %+v", cfg)
	}
}

func TestSettingsConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		s    Settings
		want string
	}{
		{"timeout", Settings{Timeout: "soon"}, `timeout: "soon" is not a duration like 30s or 2m`},
		{"negative timeout", Settings{Timeout: "-1s"}, `timeout: "-1s" is not a duration`},
		{"connect_timeout", Settings{ConnectTimeout: "10"}, `connect_timeout: "10" is not a duration`},
		{"max_elapsed", Settings{Retry: RetrySettings{MaxElapsed: "x"}}, `retry.max_elapsed: "x"`},
		{"initial above max", Settings{Retry: RetrySettings{Initial: "1m", Max: "30s"}}, "retry.initial: 1m0s is above retry.max (30s)"},
		{"attempts", Settings{Retry: RetrySettings{Attempts: -1}}, "retry.attempts: -1 is below 1"},
		{"statuses", Settings{Retry: RetrySettings{Statuses: []int{99}}}, "retry.statuses: 99 is not an HTTP status"},
		{"rate_limit", Settings{RateLimit: -1}, "rate_limit: -1 is below 0"},
		{"max_body", Settings{MaxBody: "lots"}, `max_body: "lots" is not a size like 1048576 or 64MiB`},
		{"two auths", Settings{Auth: Auth{Bearer: "t", Basic: &Basic{User: "u"}}}, "auth: set one of bearer, basic, api_key and oauth2"},
		{"basic without user", Settings{Auth: Auth{Basic: &Basic{Password: "p"}}}, "auth.basic: user is empty"},
		{"api key without value", Settings{Auth: Auth{APIKey: &APIKey{Name: "X-Key"}}}, "auth.api_key: name and value are both needed"},
		{"api key in cookie", Settings{Auth: Auth{APIKey: &APIKey{Name: "k", Value: "v", In: "cookie"}}}, `auth.api_key.in: "cookie" is neither header nor query`},
		{"oauth2 without token_url", Settings{Auth: Auth{OAuth2: &OAuth2{ClientID: "c"}}}, "auth.oauth2: token_url and client_id are both needed"},
		{"oauth2 auth_style", Settings{Auth: Auth{OAuth2: &OAuth2{TokenURL: "u", ClientID: "c", AuthStyle: "jwt"}}}, `auth.oauth2.auth_style: "jwt" is neither basic`},
		{"cert without key", Settings{TLS: TLS{CertFile: "c.pem"}}, "tls: cert_file and key_file go together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.s.Config(nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v; want %q", err, tt.want)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // 0: an error
	}{
		{"1048576", 1 << 20}, {"512KiB", 512 << 10}, {"64MiB", 64 << 20}, {"1GiB", 1 << 30}, {" 2 MiB ", 2 << 20}, {"10B", 10},
		{"", 0}, {"0", 0}, {"-1MiB", 0}, {"1.5MiB", 0}, {"1MB", 0}, {"9999999999GiB", 0},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if (err != nil) != (tt.want == 0) || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}
