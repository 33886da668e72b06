package transform

import (
	"math"

	"github.com/shopspring/decimal"
)

// maxExponentDigits bounds the exponent of numbers written as 1.5e3: three
// digits, so "1e999999" is rejected rather than built.
const maxExponentDigits = 3

// parseDecimal parses s (already trimmed) as an exact decimal. It accepts
// decimal notation only: an optional sign, digits with at most one point
// (at least one digit), and an optional exponent of at most three digits.
// It rejects what decimal.NewFromString or strconv.ParseFloat would also
// take: NaN, Inf, hex, underscores, a Unicode minus, an exponent alone.
func parseDecimal(s string) (decimal.Decimal, bool) {
	n, ok := scanNumber(s)
	switch {
	case !ok:
		return decimal.Decimal{}, false
	case n.fits:
		return decimal.New(n.coef, n.exp), true
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

// plainNumber reports whether s is a number as parseDecimal accepts it.
func plainNumber(s string) bool {
	_, ok := scanNumber(s)
	return ok
}

// scanned is a number in decimal notation read by scanNumber.
type scanned struct {
	coef int64 // the digits with the sign, when fits
	exp  int32
	fits bool // at most 18 digits: coef holds them
}

// scanNumber checks s and, when its digits fit in an int64 (at most 18
// of them), returns them with the exponent: "-12.5e1" is -125, 0.
func scanNumber(s string) (n scanned, ok bool) {
	i, neg := 0, false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg, i = s[i] == '-', i+1
	}
	digits, point := 0, false
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' && !point {
			point = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		digits++
		n.coef = n.coef*10 + int64(c-'0') // wraps past 18 digits; fits is false then
		if point {
			n.exp--
		}
	}
	e, eok := exponent(s[i:])
	if digits == 0 || !eok {
		return scanned{}, false
	}
	if neg {
		n.coef = -n.coef
	}
	n.exp += e
	n.fits = digits <= 18
	return n, true
}

// exponent parses "", or e or E, an optional sign and 1 to 3 digits.
func exponent(s string) (int32, bool) {
	if s == "" {
		return 0, true
	}
	if len(s) < 2 || (s[0] != 'e' && s[0] != 'E') {
		return 0, false
	}
	s, neg := s[1:], false
	if s[0] == '+' || s[0] == '-' {
		s, neg = s[1:], s[0] == '-'
	}
	if len(s) == 0 || len(s) > maxExponentDigits {
		return 0, false
	}
	var e int32
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		e = e*10 + int32(s[i]-'0')
	}
	if neg {
		e = -e
	}
	return e, true
}

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
