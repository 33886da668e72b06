package etl

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl/target"
)

// PostgreSQL's limits for a numeric without a precision: digits before
// and after the point. Nothing either database would refuse passes.
const (
	maxNumericIntDigits = 131072
	maxNumericScale     = 16383
)

func toDecimal(v any, col target.Column) (any, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		return fitDecimal(x, v, col, "")
	case int64:
		return fitDecimal(decimal.NewFromInt(x), nil, col, "")
	}
	return nil, Rejectf("column %s: %v (%T) is not a decimal", col.Name, v, v)
}

// fitDecimal checks d against numeric(p,s): at most p−s digits before the
// point and, but for trailing zeros, at most s after it. It returns boxed
// (d as read) when d needs no change; text is d as the source wrote it,
// for the reason, or "".
func fitDecimal(d decimal.Decimal, boxed any, col target.Column, text string) (any, error) {
	intMax, scale := maxNumericIntDigits, maxNumericScale
	if col.Precision > 0 {
		intMax, scale = col.Precision-col.Scale, col.Scale
	}
	if d.Sign() == 0 {
		if d.Exponent() < -int32(scale) { // 0.000 in numeric(12,2)
			return decimal.New(0, -int32(scale)), nil
		}
		return orBoxed(boxed, d), nil
	}
	digits, exp := d.NumDigits(), int(d.Exponent())
	if n := digits + exp; n > intMax {
		return nil, Rejectf("column %s: %s has %d integer digits, %s holds at most %d", col.Name, showDecimal(d, text), n, numericName(col), intMax)
	}
	extra := -exp - scale // decimal places beyond the scale
	if extra <= 0 {
		return orBoxed(boxed, d), nil
	}
	// The places beyond the scale may only be zeros: the coefficient ends in
	// extra zeros, so it has more than extra digits.
	if extra < digits {
		if t := d.Truncate(int32(scale)); t.Equal(d) {
			return t, nil
		}
	}
	return nil, Rejectf("column %s: %s has more than %d decimal places; round it with a cast step", col.Name, showDecimal(d, text), scale)
}

func orBoxed(boxed any, d decimal.Decimal) any {
	if boxed != nil {
		return boxed
	}
	return d
}

func numericName(col target.Column) string {
	if col.Precision == 0 {
		return "numeric"
	}
	return fmt.Sprintf("numeric(%d,%d)", col.Precision, col.Scale)
}

func toInt(v any, col target.Column) (any, error) {
	n, ok := v.(int64)
	if !ok {
		return nil, Rejectf("column %s: %v (%T) is not a whole number", col.Name, v, v)
	}
	if err := checkInt(n, col); err != nil {
		return nil, err
	}
	return v, nil
}

func parseInt(s string, col target.Column) (any, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		lo, hi := intRange(col)
		return nil, Rejectf("column %s: %s is outside the range the column holds, %d to %d", col.Name, cut(s), lo, hi)
	}
	if err != nil {
		return nil, Rejectf("column %s: %q is not a whole number", col.Name, s)
	}
	if err := checkInt(n, col); err != nil {
		return nil, err
	}
	return n, nil
}

func checkInt(n int64, col target.Column) error {
	if lo, hi := intRange(col); n < lo || n > hi {
		return Rejectf("column %s: %d is outside the range the column holds, %d to %d", col.Name, n, lo, hi)
	}
	return nil
}

// intRange returns the column's range; a column described without one
// holds any int64.
func intRange(col target.Column) (lo, hi int64) {
	if col.Min == 0 && col.Max == 0 {
		return math.MinInt64, math.MaxInt64
	}
	return col.Min, col.Max
}

func parseFloat(s string, col target.Column) (any, error) {
	f, err := strconv.ParseFloat(s, 64)
	if errors.Is(err, strconv.ErrRange) {
		return nil, Rejectf("column %s: %s is out of range for a float", col.Name, cut(s))
	}
	if err != nil {
		return nil, Rejectf("column %s: %q is not a number", col.Name, s)
	}
	return fitFloat(f, nil, col, s)
}

// fitFloat rejects NaN and infinities (SQLite and PostgreSQL store them
// differently, or not at all) and values beyond a real column's range; a
// real column gets the value rounded to 32 bits, as PostgreSQL stores it.
func fitFloat(f float64, boxed any, col target.Column, text string) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, Rejectf("column %s: %s is not a finite number", col.Name, showFloat(f, text))
	}
	if col.Bits == 32 {
		if math.Abs(f) > math.MaxFloat32 {
			return nil, Rejectf("column %s: %s is out of range for a 32-bit float", col.Name, showFloat(f, text))
		}
		return float64(float32(f)), nil
	}
	if boxed != nil {
		return boxed, nil
	}
	return f, nil
}

func showFloat(f float64, text string) string {
	if text != "" {
		return cut(text)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
