package postgres

import "testing"

func TestHostPort(t *testing.T) {
	for raw, want := range map[string]string{
		"postgres://u:pw@LocalHost/db?application_name=x": "localhost:5432",
		"postgres://127.0.0.1:6543/db":                    "127.0.0.1:6543",
		"postgres:///db?host=/var/run/postgresql":         "/var/run/postgresql:5432",
	} {
		if got := hostPort(raw); got != want {
			t.Errorf("hostPort(%q) = %q, want %q", raw, got, want)
		}
	}
}
