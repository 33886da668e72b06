package dburl

import (
	"errors"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	got := Redact("postgres://alice:s3cret@db:5432/w?password=other")
	if strings.Contains(got, "s3cret") || strings.Contains(got, "other") || !strings.Contains(got, "alice") {
		t.Fatalf("Redact = %q", got)
	}
}

func TestCauseScrubsPasswords(t *testing.T) {
	for _, msg := range []string{
		`failed to connect to postgres://bob:s3cret@db:5432/w: dial tcp: connection refused`,
		`cannot parse "host=db password=s3cret": bad`,
	} {
		if got := Cause(errors.New(msg)); strings.Contains(got, "s3cret") {
			t.Fatalf("Cause(%q) = %q", msg, got)
		}
	}
}
