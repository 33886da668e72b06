package transform

import (
	"math"

	"github.com/shopspring/decimal"
)

// number is a numeric value (a row's integer, decimal or float, or a
// config's bin edge or bound) prepared so that comparing two numbers
// seldom needs big integers: when both coefficients fit in an int64 the
// comparison is done in int64 arithmetic.
type number struct {
	d       decimal.Decimal // unset when fromInt
	coef    int64           // the coefficient, when small
	exp     int32
	small   bool // coef holds the coefficient
	fromInt bool // the value is the integer coef
}

func newNumber(d decimal.Decimal) number {
	n := number{d: d, exp: d.Exponent(), small: d.NumDigits() <= 18}
	if n.small {
		n.coef = d.CoefficientInt64()
	}
	return n
}

func intNumber(i int64) number { return number{coef: i, small: true, fromInt: true} }

// toNumber returns a row value as a number; ok is false for other kinds
// and for NaN and infinite floats. A float is taken as its shortest
// decimal (0.1 is 0.1).
func toNumber(v any) (n number, ok bool) {
	switch t := v.(type) {
	case decimal.Decimal:
		return newNumber(t), true
	case int64:
		return intNumber(t), true
	case float64:
		if finite(t) {
			return newNumber(decimal.NewFromFloat(t)), true
		}
	}
	return number{}, false
}

func (n *number) decimal() decimal.Decimal {
	if n.fromInt {
		return decimal.NewFromInt(n.coef)
	}
	return n.d
}

// cmp compares n with m: -1 if n < m, 0 if equal, +1 if n > m.
func (n *number) cmp(m *number) int {
	if n.small && m.small {
		if c, ok := cmpScaled(n.coef, n.exp, m.coef, m.exp); ok {
			return c
		}
	}
	return n.decimal().Cmp(m.decimal())
}

// pow10 holds 10^0 … 10^18; mulLimit[k] is the largest int64 that can be
// multiplied by 10^k.
var pow10, mulLimit = func() (p, l [19]int64) {
	p[0] = 1
	for i := range p {
		if i > 0 {
			p[i] = p[i-1] * 10
		}
		l[i] = math.MaxInt64 / p[i]
	}
	return p, l
}()

// cmpScaled compares a·10^ea with b·10^eb in int64 arithmetic; ok is false
// when that could overflow and the caller must use big numbers.
func cmpScaled(a int64, ea int32, b int64, eb int32) (c int, ok bool) {
	if ea < eb {
		c, ok = cmpScaled(b, eb, a, ea)
		return -c, ok
	}
	k := int64(ea) - int64(eb)
	if k >= int64(len(pow10)) || a > mulLimit[k] || a < -mulLimit[k] {
		return 0, false
	}
	return cmpInt64(a*pow10[k], b), true
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
