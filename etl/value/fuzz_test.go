package value

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// Int reads exactly what strconv.ParseInt(s, 10, 64) reads, after
// trimming, and refuses what lies outside the range.
func FuzzInt(f *testing.F) {
	for _, s := range []string{"0", "+8", "-9223372036854775808", "9223372036854775808", " 42 ", "1e3", "\u22125", "007"} {
		f.Add(s, int64(-100), int64(100))
	}
	f.Fuzz(func(t *testing.T, s string, lo, hi int64) {
		want, werr := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		got, err := Int64.Parse(s)
		if (err == nil) != (werr == nil) || (err == nil && got != want) {
			t.Fatalf("%q: %d %v, strconv %d %v", s, got, err, want, werr)
		}
		r := IntRange{Min: min(lo, hi), Max: max(lo, hi)}
		_, err = r.Parse(s)
		if in := werr == nil && want >= r.Min && want <= r.Max; in != (err == nil) {
			t.Fatalf("%q in %+v: %v", s, r, err)
		}
	})
}

// ParseDecimal reads what decimal.NewFromString reads, with the same
// value and exponent, except a Unicode minus, which it refuses.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"0", "-12.345", "1e3", ".5", "5.", "12345678901234567890.1", "1.5E-3", "1e1000", "1e10001", "\u22121", "+1e+05"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		want, werr := decimal.NewFromString(strings.TrimSpace(s))
		if err == nil && (werr != nil || !d.Equal(want) || d.Exponent() != want.Exponent()) {
			t.Fatalf("%q: %s (exp %d), NewFromString %s %v", s, d, d.Exponent(), want, werr)
		}
		if err != nil && werr == nil && !strings.ContainsRune(s, '\u2212') {
			t.Fatalf("%q: refused (%v), NewFromString reads %s", s, err, want)
		}
		if err == nil {
			if _, _, ferr := NumericOf(12, 2).Fit(d); ferr == nil && d.Sign() != 0 && d.NumDigits()+int(d.Exponent()) > 10 {
				t.Fatalf("%q fits numeric(12,2)", s)
			}
		}
	})
}

// Float reads what strconv.ParseFloat(s, 64) reads in decimal notation,
// rounded to 32 bits for a real, and refuses what is not finite.
func FuzzFloat(f *testing.F) {
	for _, s := range []string{"2.5", "1e400", "1e-400", "NaN", "-Inf", "0x1p3", "1_000", "+.5", "3.4028235e38", "1e39"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, wide bool) {
		bits := 32
		if wide {
			bits = 64
		}
		got, err := Float(s, bits)
		t0 := strings.TrimSpace(s)
		want, werr := strconv.ParseFloat(t0, 64)
		if bits == 32 {
			want = float64(float32(want))
		}
		if err == nil && (werr != nil || math.Float64bits(got) != math.Float64bits(want)) {
			t.Fatalf("%q: %g, strconv %g %v", s, got, want, werr)
		}
		plain := !strings.ContainsAny(t0, "_xXpPiInN")
		if err != nil && werr == nil && plain && !math.IsInf(want, 0) {
			t.Fatalf("%q: refused (%v), strconv reads %g", s, err, want)
		}
	})
}

// Bools reads every spelling strconv.ParseBool reads, the same way.
func FuzzBool(f *testing.F) {
	for _, s := range []string{"true", "T", "FALSE", "yes", "N", "0", " 1 ", "tRuE", "maybe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := DefaultBools.Parse(s)
		if want, werr := strconv.ParseBool(strings.TrimSpace(s)); werr == nil && (err != nil || got != want) {
			t.Fatalf("%q: %v %v, strconv %v", s, got, err, want)
		}
		if err == nil && Fold(DefaultBools.True, strings.TrimSpace(s)) < 0 == got {
			t.Fatalf("%q read as %v", s, got)
		}
	})
}

// ISO8601 reads every RFC 3339 timestamp time.Parse reads, as the same
// instant, and anything it reads is the instant time.Parse gives with the
// layout of its shape, in UTC, within the years 1 to 9999.
func FuzzTime(f *testing.F) {
	for _, s := range []string{"2024-03-01T12:30:00Z", "2024-03-01 12:30", "2024-03-01", "2024-03-01T12:30:00.5+01:00",
		"0000-06-01T00:00:00Z", "9999-12-31T23:59:59-01:00", "2024-02-30", "2024-03-01T12:30:00,5-0130"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ISO8601.Parse(s)
		t0 := strings.TrimSpace(s)
		if want, werr := time.Parse(time.RFC3339Nano, t0); werr == nil {
			_, _, rerr := FitTime(want)
			if (rerr == nil) != (err == nil) || (err == nil && !got.Equal(want)) {
				t.Fatalf("%q: %v %v, time.Parse %v", s, got, err, want)
			}
		}
		if err != nil {
			return
		}
		want, werr := time.Parse(ISOLayout(t0), t0)
		if werr != nil || !got.Equal(want) || got.Location() != time.UTC || got.Year() < 1 || got.Year() > 9999 {
			t.Fatalf("%q: %v, time.Parse(%q) %v %v", s, got, ISOLayout(t0), want, werr)
		}
	})
}
