package httpsource

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/httpclient"
)

// A failed request says which setting to check, or to try again later.
func TestHint(t *testing.T) {
	status := func(code int) error {
		return fmt.Errorf("giving up after 5 attempts: %w", &httpclient.StatusError{Method: "GET", URL: "https://x", Status: code})
	}
	tests := []struct {
		err  error
		want string
	}{
		{status(401), "check auth:"},
		{status(403), "check auth:"},
		{status(404), "check url:"},
		{status(400), "check params:"},
		{status(429), "run again later"},
		{status(503), "run again later"},
		{fmt.Errorf("GET https://x: %w", context.DeadlineExceeded), "raise timeout:"},
		{errors.New("GET https://x: connection refused"), "is the API up"},
	}
	for _, tt := range tests {
		if got := (&PageError{Page: 2, Err: tt.err}).Error(); !strings.Contains(got, tt.want) {
			t.Errorf("%v: %q, want the hint %q", tt.err, got, tt.want)
		}
	}
}
