package value

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestFitDigits(t *testing.T) {
	cases := []struct {
		in     string
		digits int
		ok     bool
	}{
		{"12345678901234.5678", 0, true},
		{"12345678901234.5678", 15, false},
		{"1234567890123.45", 15, true},
		{"0.30000000000000004", 15, false},
		{"0.300000000000000", 15, true},  // trailing zeros are no digits
		{"123456789012345678", 15, true}, // a 64-bit integer is stored as one
		{"-9223372036854775808", 15, true},
		{"9223372036854775808", 15, false}, // one beyond int64
		{"100000000000000000000", 15, true},
		{"0", 15, true},
	}
	for _, tc := range cases {
		err := FitDigits(decimal.RequireFromString(tc.in), tc.digits)
		if (err == nil) != tc.ok {
			t.Errorf("FitDigits(%s, %d) = %v, want ok %v", tc.in, tc.digits, err, tc.ok)
		}
		if err != nil {
			refusal(t, tc.in, err, tc.in+" has ", ErrRange)
			if !strings.Contains(err.Error(), "significant digits; the column keeps 15 (SQLite") {
				t.Errorf("FitDigits(%s): %q does not say what the column keeps", tc.in, err)
			}
		}
	}
}
