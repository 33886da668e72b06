package transform

import (
	"math"

	"github.com/shopspring/decimal"
)

// number is a decimal constant from a config (a bin edge, a minimum),
// prepared so that comparing it with a row value seldom allocates.
type number struct {
	d     decimal.Decimal
	coef  int64 // d's coefficient, when small
	exp   int32 // d's exponent
	small bool  // the coefficient has at most 18 digits
}

func newNumber(d decimal.Decimal) number {
	n := number{d: d, exp: d.Exponent(), small: d.NumDigits() <= 18}
	if n.small {
		n.coef = d.CoefficientInt64()
	}
	return n
}

// cmpDecimal compares v with n: -1 if v < n, 0 if equal, +1 if v > n.
func (n *number) cmpDecimal(v decimal.Decimal) int {
	if v.Exponent() != n.exp && n.small && v.NumDigits() <= 18 {
		if c, ok := cmpScaled(v.CoefficientInt64(), v.Exponent(), n.coef, n.exp); ok {
			return c
		}
	}
	return v.Cmp(n.d)
}

// cmpInt compares the integer v with n.
func (n *number) cmpInt(v int64) int {
	if n.small {
		if c, ok := cmpScaled(v, 0, n.coef, n.exp); ok {
			return c
		}
	}
	return decimal.NewFromInt(v).Cmp(n.d)
}

// pow10 holds 10^0 … 10^18.
var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// cmpScaled compares a·10^ea with b·10^eb in int64 arithmetic; ok is false
// when that could overflow and the caller must use big numbers.
func cmpScaled(a int64, ea int32, b int64, eb int32) (c int, ok bool) {
	if ea < eb {
		c, ok = cmpScaled(b, eb, a, ea)
		return -c, ok
	}
	k := int64(ea) - int64(eb)
	if k >= int64(len(pow10)) {
		return 0, false
	}
	p := pow10[k]
	if a > math.MaxInt64/p || a < math.MinInt64/p {
		return 0, false
	}
	return cmpInt64(a*p, b), true
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

// numeric is a row value that compares with numbers: an integer or a
// decimal (floats are taken as their shortest decimal).
type numeric struct {
	d     decimal.Decimal
	i     int64
	isInt bool
}

// toNumeric returns v as a numeric; ok is false for other kinds and for
// NaN and infinite floats.
func toNumeric(v any) (x numeric, ok bool) {
	switch t := v.(type) {
	case decimal.Decimal:
		return numeric{d: t}, true
	case int64:
		return numeric{i: t, isInt: true}, true
	case float64:
		if finite(t) {
			return numeric{d: decimal.NewFromFloat(t)}, true
		}
	}
	return numeric{}, false
}

// cmp compares x with n: -1 if x < n, 0 if equal, +1 if x > n.
func (x numeric) cmp(n *number) int {
	if x.isInt {
		return n.cmpInt(x.i)
	}
	return n.cmpDecimal(x.d)
}
