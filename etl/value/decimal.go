package value

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// PostgreSQL's limits for a numeric without a precision: digits before
// and after the point. Nothing either database would refuse passes.
const (
	MaxIntDigits = 131072
	MaxScale     = 16383
)

// Rounding says what Fit does with places beyond the scale.
type Rounding int

// The roundings.
const (
	// Reject refuses a value with non-zero digits beyond the scale
	// (trailing zeros are dropped): never silently rounded.
	Reject Rounding = iota
	// HalfUp rounds to the nearest, away from zero on a tie.
	HalfUp
	// HalfEven rounds to the nearest, to the even neighbour on a tie.
	HalfEven
)

// Numeric is what a decimal must fit: at most IntDigits digits before the
// point and Scale places after it.
type Numeric struct {
	IntDigits, Scale int
	Round            Rounding
}

// PlainNumeric is a numeric without a precision, and a cast to decimal
// without a scale.
var PlainNumeric = Numeric{IntDigits: MaxIntDigits, Scale: MaxScale}

// NumericOf returns the limits of numeric(p,s); p 0 is a plain numeric.
func NumericOf(p, s int) Numeric {
	if p == 0 {
		return PlainNumeric
	}
	return Numeric{IntDigits: p - s, Scale: s}
}

// ParseDecimal reads s, trimmed, exactly, in decimal notation (see scan)
// with an exponent of at most MaxExponent; the result is what
// decimal.NewFromString gives for the same text.
func ParseDecimal(s string) (decimal.Decimal, error) {
	t := trim(s)
	n, ok := scan(t)
	switch {
	case !ok:
		return decimal.Decimal{}, notValid(s, "decimal")
	case n.exp > MaxExponent || n.exp < -MaxExponent:
		return decimal.Decimal{}, rangef("%s has an exponent beyond ±%d, the most a decimal is read with", cut(t), MaxExponent)
	case n.fits:
		return decimal.New(n.coef, int32(n.exp)), nil
	}
	d, err := decimal.NewFromString(t)
	if err != nil { // not reached: scan checked what NewFromString checks
		return decimal.Decimal{}, notValid(s, "decimal")
	}
	return d, nil
}

// Parse reads s as ParseDecimal does and fits it to n.
func (n Numeric) Parse(s string) (decimal.Decimal, error) {
	d, err := ParseDecimal(s)
	if err != nil {
		return d, err
	}
	d, _, err = n.fit(d, trim(s))
	return d, err
}

// Fit checks d against n, rounding it first when n.Round says so.
// changed is false when d is returned as it came.
func (n Numeric) Fit(d decimal.Decimal) (fitted decimal.Decimal, changed bool, err error) {
	return n.fit(d, "")
}

// fit is Fit; text is d as the source wrote it, for the reason, or "".
func (n Numeric) fit(d decimal.Decimal, text string) (decimal.Decimal, bool, error) {
	scale := int32(n.Scale)
	if d.Sign() == 0 {
		if d.Exponent() < -scale { // 0.000 in numeric(12,2)
			return decimal.New(0, -scale), true, nil
		}
		return d, false, nil
	}
	changed := false
	if n.Round != Reject && d.Exponent() < -scale {
		d, changed, text = n.round(d), true, ""
	}
	digits, exp := d.NumDigits(), int(d.Exponent())
	if k := digits + exp; k > n.IntDigits {
		return d, false, rangef("%s has %d integer digits, %s holds at most %d", showDecimal(d, text), k, n.name(), n.IntDigits)
	}
	extra := -exp - n.Scale // places beyond the scale
	if extra <= 0 {
		return d, changed, nil
	}
	// The places beyond the scale may only be zeros: the coefficient ends in
	// extra zeros, so it has more than extra digits.
	if extra < digits {
		if t := d.Truncate(scale); t.Equal(d) {
			return t, true, nil
		}
	}
	return d, false, rangef("%s has more than %d decimal places; set rounding (half_up or half_even) on a cast step to round it",
		showDecimal(d, text), n.Scale)
}

func (n Numeric) round(d decimal.Decimal) decimal.Decimal {
	if n.Round == HalfEven {
		return d.RoundBank(int32(n.Scale))
	}
	return d.Round(int32(n.Scale))
}

// name is the column type the limits are, for reasons.
func (n Numeric) name() string {
	if n.IntDigits >= MaxIntDigits {
		return "numeric"
	}
	return fmt.Sprintf("numeric(%d,%d)", n.IntDigits+n.Scale, n.Scale)
}
