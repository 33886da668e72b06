package transform

import "testing"

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
