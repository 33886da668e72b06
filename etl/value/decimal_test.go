package value

import (
	"strconv"
	"testing"
)

func TestParseDecimal(t *testing.T) {
	cases := []struct {
		in, want string // want "" when refused
		reason   string
		class    error
	}{
		{"0", "0", "", nil}, {"-0.0", "0", "", nil}, {"+1.50", "1.5", "", nil}, {".5", "0.5", "", nil}, {"5.", "5", "", nil},
		{" -12.345\t", "-12.345", "", nil}, {"1e3", "1000", "", nil}, {"1.5E-3", "0.0015", "", nil},
		{"999999999999999999", "999999999999999999", "", nil},
		{"12345678901234567890.123456789", "12345678901234567890.123456789", "", nil},
		{"-9223372036854775809", "-9223372036854775809", "", nil},
		{"1e1000", "1e1000", "", nil}, {"1e-10000", "1e-10000", "", nil}, {"0.1e10001", "1e10000", "", nil},
		{"1e10001", "", "1e10001 has an exponent beyond ±10000", ErrRange},
		{"0.1e-10000", "", "0.1e-10000 has an exponent beyond ±10000", ErrRange},
		{"1e99999999999999999999", "", "1e99999999999999999999 has an exponent beyond", ErrRange},
		{"", "", `"" is not a valid decimal`, ErrSyntax}, {"-", "", `"-" is not a valid decimal`, ErrSyntax},
		{".", "", "", ErrSyntax}, {"e5", "", "", ErrSyntax}, {"1e", "", "", ErrSyntax}, {"1.2.3", "", "", ErrSyntax},
		{"1 000", "", "", ErrSyntax}, {"1,000", "", `"1,000" is not a valid decimal`, ErrSyntax},
		{"NaN", "", "", ErrSyntax}, {"inf", "", "", ErrSyntax}, {"0x1p3", "", "", ErrSyntax}, {"1_000", "", "", ErrSyntax},
		{"\u22121", "", `"−1" is not a valid decimal; it has a Unicode minus sign (U+2212): write '-'`, ErrSyntax},
		{"--1", "", "", ErrSyntax}, {"1e+-2", "", "", ErrSyntax},
	}
	for _, tc := range cases {
		d, err := ParseDecimal(tc.in)
		if tc.want == "" {
			if tc.reason == "" {
				tc.reason = strconv.Quote(tc.in) + " is not a valid decimal"
			}
			refusal(t, tc.in, err, tc.reason, tc.class)
			continue
		}
		if err != nil || !d.Equal(dec(tc.want)) {
			t.Errorf("ParseDecimal(%q) = %s %v, want %s", tc.in, d, err, tc.want)
		}
	}
}

func TestNumericFit(t *testing.T) {
	n52 := NumericOf(5, 2)
	up, even := Numeric{IntDigits: 3, Scale: 2, Round: HalfUp}, Numeric{IntDigits: 3, Scale: 2, Round: HalfEven}
	scale0 := PlainNumeric
	scale0.Scale = 0
	cases := []struct {
		n        Numeric
		in, want string
		reason   string
	}{
		{n52, "999.99", "999.99", ""}, {n52, "-999.99", "-999.99", ""}, {n52, "1.500", "1.5", ""}, {n52, "0.000", "0", ""},
		{n52, "1000", "", "1000 has 4 integer digits, numeric(5,2) holds at most 3"},
		{n52, "1000.001", "", "1000.001 has 4 integer digits"},
		{n52, "0.001", "", "0.001 has more than 2 decimal places; set rounding (half_up or half_even) on a cast step to round it"},
		{n52, "1e400", "", "1e400 has 401 integer digits, numeric(5,2) holds at most 3"},
		{up, "1.005", "1.01", ""}, {up, "-1.005", "-1.01", ""}, {even, "1.005", "1", ""}, {even, "1.015", "1.02", ""},
		{up, "999.995", "", "1000 has 4 integer digits, numeric(5,2) holds at most 3"},
		{up, "0.001", "0", ""},
		{PlainNumeric, "1e1000", "1e1000", ""}, {PlainNumeric, "1e-10000", "1e-10000", ""},
		{scale0, "12.0", "12", ""}, {scale0, "12.5", "", "12.5 has more than 0 decimal places"},
	}
	for _, tc := range cases {
		d, err := tc.n.Parse(tc.in)
		refusal(t, tc.in, err, tc.reason, ErrRange)
		if tc.reason == "" && (err != nil || !d.Equal(dec(tc.want))) {
			t.Errorf("%+v.Parse(%q) = %s %v, want %s", tc.n, tc.in, d, err, tc.want)
		}
		if tc.reason == "" { // a decimal value fits the same
			f, _, err := tc.n.Fit(dec(tc.in))
			if err != nil || !f.Equal(d) {
				t.Errorf("%+v.Fit(%s) = %s %v, want %s", tc.n, tc.in, f, err, d)
			}
		}
	}
}

func TestFitKeepsScaleOfZero(t *testing.T) {
	d, changed, err := NumericOf(12, 2).Fit(dec("0.000"))
	if err != nil || !changed || d.Exponent() != -2 {
		t.Fatalf("Fit(0.000) = %s (exp %d) %v %v, want 0.00", d, d.Exponent(), changed, err)
	}
	if _, changed, _ := NumericOf(12, 2).Fit(dec("1.5")); changed {
		t.Fatal("Fit(1.5) changed it")
	}
}

func TestDecimalText(t *testing.T) {
	if s, err := DecimalText(dec("-1.50")); err != nil || s != "-1.5" {
		t.Fatalf("DecimalText(-1.50) = %q %v", s, err)
	}
	_, err := DecimalText(dec("1e10000").Mul(dec("1e10000")).Mul(dec("1e10000")).Pow(dec("5")))
	refusal(t, "1e150000", err, "1e150000 has too many digits to store as text", ErrRange)
}
