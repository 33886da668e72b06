package value

import (
	"math"
	"testing"
)

func TestInt(t *testing.T) {
	i64, i16 := Int64.Parse, IntRange{Min: -32768, Max: 32767}.Parse
	checkParse(t, []parseCase[int64]{
		{i64, " 42 ", 42, "", nil}, {i64, "+8", 8, "", nil}, {i64, "-0", 0, "", nil}, {i64, "007", 7, "", nil},
		{i64, "-9223372036854775808", math.MinInt64, "", nil},
		{i64, "9223372036854775808", 0, "9223372036854775808 is outside the range the column holds, -9223372036854775808 to 9223372036854775807", ErrRange},
		{i16, "32768", 0, "32768 is outside the range the column holds, -32768 to 32767", ErrRange},
		{i16, "+032768", 0, "32768 is outside the range the column holds", ErrRange},
		{i64, "1.5", 0, `"1.5" is not a valid integer`, ErrSyntax},
		{i64, "1e3", 0, `"1e3" is not a valid integer`, ErrSyntax},
		{i64, "1,000", 0, `"1,000" is not a valid integer`, ErrSyntax},
		{i64, "1_000", 0, `"1_000" is not a valid integer`, ErrSyntax},
		{i64, "0x10", 0, `"0x10" is not a valid integer`, ErrSyntax},
		{i64, "", 0, `"" is not a valid integer`, ErrSyntax},
		{i64, "\u22125", 0, `"−5" is not a valid integer; it has a Unicode minus sign (U+2212)`, ErrSyntax},
	})
}

func TestFloat(t *testing.T) {
	f64 := func(s string) (float64, error) { return Float(s, 64) }
	f32 := func(s string) (float64, error) { return Float(s, 32) }
	checkParse(t, []parseCase[float64]{
		{f64, "2.5", 2.5, "", nil}, {f64, " -1e300 ", -1e300, "", nil}, {f64, "+.5", 0.5, "", nil}, {f64, "1e-400", 0, "", nil},
		{f32, "0.1", float64(float32(0.1)), "", nil},
		{f32, "3.4028235e38", math.MaxFloat32, "", nil},
		{f64, "1e400", 0, "1e400 is out of range for a float", ErrRange},
		{f64, "1e1000", 0, "1e1000 is out of range for a float", ErrRange},
		{f32, "1e39", 0, "1e39 is out of range for a 32-bit float", ErrRange},
		{f64, "NaN", 0, "NaN is not a finite number", ErrRange},
		{f64, "-Inf", 0, "-Inf is not a finite number", ErrRange},
		{f64, "infinity", 0, "infinity is not a finite number", ErrRange},
		{f64, "0x1p3", 0, `"0x1p3" is not a valid float`, ErrSyntax},
		{f64, "1_000", 0, `"1_000" is not a valid float`, ErrSyntax},
		{f64, "1,5", 0, `"1,5" is not a valid float`, ErrSyntax},
		{f64, "\u22121", 0, `"−1" is not a valid float; it has a Unicode minus sign`, ErrSyntax},
	})
}

func TestFitFloat(t *testing.T) {
	cases := []struct {
		f      float64
		bits   int
		want   float64
		reason string
	}{
		{0.1, 64, 0.1, ""}, {0.1, 32, float64(float32(0.1)), ""},
		{math.NaN(), 64, 0, "NaN is not a finite number"}, {math.Inf(1), 32, 0, "+Inf is not a finite number"},
		{1e39, 32, 0, "1e+39 is out of range for a 32-bit float"},
	}
	for _, tc := range cases {
		g, err := FitFloat(tc.f, tc.bits)
		refusal(t, "", err, tc.reason, ErrRange)
		if tc.reason == "" && g != tc.want {
			t.Errorf("FitFloat(%g, %d) = %g, want %g", tc.f, tc.bits, g, tc.want)
		}
	}
}
