package value

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// refusal checks err against want: "" is no error; otherwise err's
// reason starts with want and err wraps class.
func refusal(t *testing.T, in string, err error, want string, class error) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("%q: %v, want no error", in, err)
	case want != "" && err == nil:
		t.Errorf("%q: no error, want %q", in, want)
	case want != "" && !strings.HasPrefix(err.Error(), want):
		t.Errorf("%q: %q, want it to start with %q", in, err, want)
	case want != "" && !errors.Is(err, class):
		t.Errorf("%q: %v does not wrap %v", in, err, class)
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// parseCase is one input of a reader of kind T: the value it gives, or
// the start of the reason it refuses it with and the class.
type parseCase[T comparable] struct {
	parse  func(string) (T, error)
	in     string
	want   T
	reason string
	class  error
}

func checkParse[T comparable](t *testing.T, cases []parseCase[T]) {
	t.Helper()
	for _, tc := range cases {
		got, err := tc.parse(tc.in)
		refusal(t, tc.in, err, tc.reason, tc.class)
		if tc.reason == "" && got != tc.want {
			t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
		}
	}
}
