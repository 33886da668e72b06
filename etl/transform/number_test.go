package transform

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseDecimal(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" when rejected
	}{
		{"0", "0"}, {"-0.0", "0"}, {"+1.50", "1.5"}, {".5", "0.5"}, {"5.", "5"}, {"-12.345", "-12.345"},
		{"1e3", "1000"}, {"1.5E-3", "0.0015"}, {"999999999999999999", "999999999999999999"},
		{"12345678901234567890.123456789", "12345678901234567890.123456789"},
		{"-9223372036854775809", "-9223372036854775809"},
		{"", ""}, {"-", ""}, {".", ""}, {"e5", ""}, {"1e", ""}, {"1e1000", ""}, {"1.2.3", ""}, {"1 000", ""},
		{"NaN", ""}, {"inf", ""}, {"0x1p3", ""}, {"1_000", ""}, {"\u22121", ""}, {"--1", ""}, {"1e+-2", ""},
	}
	for _, tc := range cases {
		d, ok := parseDecimal(tc.in)
		switch {
		case tc.want == "" && ok:
			t.Errorf("parseDecimal(%q) = %s, want a rejection", tc.in, d)
		case tc.want != "" && (!ok || !d.Equal(dec(tc.want))):
			t.Errorf("parseDecimal(%q) = %s %v, want %s", tc.in, d, ok, tc.want)
		}
	}
}

// Whatever parseDecimal accepts, decimal.NewFromString reads the same.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "-12.345", "1e3", ".5", "12345678901234567890.1", "1.5E-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDecimal(s)
		if !ok {
			return
		}
		want, err := decimal.NewFromString(s)
		if err != nil || !d.Equal(want) || d.Exponent() != want.Exponent() {
			t.Fatalf("%q: got %s (exp %d), NewFromString %s %v", s, d, d.Exponent(), want, err)
		}
	})
}

func TestNumberCompare(t *testing.T) {
	cases := []struct {
		a, b any
		want int
	}{
		{dec("1.50"), dec("1.5"), 0},
		{dec("0.1"), dec("0.10000000000000000001"), -1},
		{int64(100), dec("100.000"), 0},
		{int64(-9223372036854775808), dec("-9223372036854775808.5"), 1},
		{dec("1e30"), dec("999999999999999999999999999999"), 1},
		{0.1, dec("0.1"), 0},
		{int64(5), int64(7), -1},
	}
	for _, tc := range cases {
		a, _ := toNumber(tc.a)
		b, _ := toNumber(tc.b)
		if got := a.cmp(&b); got != tc.want {
			t.Errorf("cmp(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := b.cmp(&a); got != -tc.want {
			t.Errorf("cmp(%v, %v) = %d, want %d", tc.b, tc.a, got, -tc.want)
		}
	}
}
