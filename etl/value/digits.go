package value

import (
	"math"
	"strings"

	"github.com/shopspring/decimal"
)

// FitDigits refuses a decimal that a column keeping only digits
// significant digits would change (0: no limit). An integer that fits in
// 64 bits is always kept: SQLite, whose numeric columns keep 15 digits
// (an 8-byte float), stores those as integers.
func FitDigits(d decimal.Decimal, digits int) error {
	if digits == 0 || d.NumDigits() <= digits { // NumDigits: no allocation for a 64-bit coefficient
		return nil
	}
	n := significantDigits(d)
	if n <= digits {
		return nil
	}
	if d.IsInteger() && d.Cmp(maxInt64) <= 0 && d.Cmp(minInt64) >= 0 {
		return nil
	}
	return rangef("%s has %d significant digits; the column keeps %d (SQLite stores a numeric as an 8-byte float): round it with a cast's scale and rounding, or load it into PostgreSQL or MariaDB", showDecimal(d, ""), n, digits)
}

var (
	maxInt64 = decimal.NewFromInt(math.MaxInt64)
	minInt64 = decimal.NewFromInt(math.MinInt64)
)

// significantDigits counts d's digits without leading or trailing zeros.
func significantDigits(d decimal.Decimal) int {
	c := strings.TrimLeft(d.Coefficient().String(), "-")
	c = strings.TrimRight(c, "0")
	if c == "" {
		return 1
	}
	return len(c)
}
