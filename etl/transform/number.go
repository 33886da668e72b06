package transform

import (
	"math"

	"github.com/shopspring/decimal"
)

// maxExponentDigits bounds the exponent of numbers written as 1.5e3: three
// digits, so "1e999999" is rejected rather than built.
const maxExponentDigits = 3

// plainNumber reports whether s is a number in decimal notation: an
// optional sign, digits with at most one point (at least one digit), and
// an optional exponent of at most three digits. It rejects what
// decimal.NewFromString or strconv.ParseFloat would also take: NaN, Inf,
// hex, underscores, a Unicode minus, an exponent alone.
func plainNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits, point := 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return digits > 0 && exponent(s[i:])
		}
	}
	return digits > 0
}

// exponent reports whether s is e or E, an optional sign and 1 to 3 digits.
func exponent(s string) bool {
	if len(s) < 2 || (s[0] != 'e' && s[0] != 'E') {
		return false
	}
	s = s[1:]
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > maxExponentDigits {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseDecimal parses s (already trimmed) as an exact decimal.
func parseDecimal(s string) (decimal.Decimal, bool) {
	if !plainNumber(s) {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
