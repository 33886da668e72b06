package transform

import (
	"fmt"
	"math"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/value"
)

// maxScale bounds CastConfig.Scale (PostgreSQL's numeric allows 1000 in
// a declared type).
const maxScale = 1000

// Rounding modes of CastConfig.Rounding.
const (
	RoundReject   = "reject"
	RoundHalfUp   = "half_up"
	RoundHalfEven = "half_even"
)

var roundings = map[string]value.Rounding{"": value.Reject, RoundReject: value.Reject,
	RoundHalfUp: value.HalfUp, RoundHalfEven: value.HalfEven}

// toInt converts to int64: text by package value's rules, integral floats
// and decimals.
type toInt struct{ column string }

func (c toInt) convert(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		return v, nil
	case string:
		n, err := value.Int64.Parse(x)
		if err != nil {
			return nil, refused(c.column, err)
		}
		return n, nil
	case float64:
		if x != math.Trunc(x) || x < math.MinInt64 || x >= math.MaxInt64 {
			return nil, notValid(c.column, v, "integer")
		}
		return int64(x), nil
	case decimal.Decimal:
		return c.fromDecimal(x)
	}
	return nil, cannotCast(c.column, v, KindInt)
}

func (c toInt) fromDecimal(d decimal.Decimal) (any, error) {
	if !d.IsInteger() {
		return nil, notValid(c.column, d, "integer")
	}
	b := d.BigInt()
	if !b.IsInt64() {
		return nil, etl.Rejectf("column %s: %s is outside the range the column holds, %d to %d", c.column, d, value.Int64.Min, value.Int64.Max)
	}
	return b.Int64(), nil
}

// toDecimal converts to decimal.Decimal, exactly, then fits the scale
// (package value's Numeric: a plain numeric with Scale places).
type toDecimal struct {
	column string
	fit    value.Numeric
}

func newToDecimal(cfg CastConfig) (converter, error) {
	c := &toDecimal{column: cfg.Column, fit: value.PlainNumeric}
	round, ok := roundings[cfg.Rounding]
	if !ok {
		return nil, fmt.Errorf("rounding %q is not one of reject, half_up, half_even", cfg.Rounding)
	}
	if cfg.Scale != nil {
		if *cfg.Scale < 0 || *cfg.Scale > maxScale {
			return nil, fmt.Errorf("scale %d is not between 0 and %d", *cfg.Scale, maxScale)
		}
		c.fit.Scale, c.fit.Round = int(*cfg.Scale), round
	} else if cfg.Rounding != "" {
		return nil, fmt.Errorf("rounding needs a scale")
	}
	return c, nil
}

func (c *toDecimal) convert(v any) (any, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		d, changed, err := c.fit.Fit(x)
		if err != nil || changed {
			return c.fitted(d, changed, err)
		}
		return v, nil // as it came: no allocation
	case string:
		d, err := c.fit.Parse(x)
		if err != nil {
			return nil, refused(c.column, err)
		}
		return d, nil
	case int64:
		return c.fitted(c.fit.Fit(decimal.NewFromInt(x)))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, notValid(c.column, v, "decimal")
		}
		return c.fitted(c.fit.Fit(decimal.NewFromFloat(x)))
	}
	return nil, cannotCast(c.column, v, KindDecimal)
}

func (c *toDecimal) fitted(d decimal.Decimal, _ bool, err error) (any, error) {
	if err != nil {
		return nil, refused(c.column, err)
	}
	return d, nil
}

// toFloat converts to float64: text by package value's rules, and a
// decimal within a float's range.
type toFloat struct{ column string }

func (c toFloat) convert(v any) (any, error) {
	switch x := v.(type) {
	case float64:
		return v, nil
	case string:
		f, err := value.Float(x, 64)
		if err != nil {
			return nil, refused(c.column, err)
		}
		return f, nil
	case int64:
		return float64(x), nil
	case decimal.Decimal:
		if f := x.InexactFloat64(); !math.IsInf(f, 0) {
			return f, nil
		}
		return nil, etl.Rejectf("column %s: a decimal with %d integer digits is out of range for a float", c.column, x.NumDigits()+int(x.Exponent()))
	}
	return nil, cannotCast(c.column, v, KindFloat)
}
