package transform

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl"
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

// toInt converts to int64: base-10 text, integral floats and decimals.
type toInt struct{ column string }

func (c toInt) convert(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		return v, nil
	case string:
		n, err := strconv.ParseInt(trimmed(x), 10, 64)
		if errors.Is(err, strconv.ErrRange) {
			return nil, etl.Rejectf("column %s: %s is out of range for an integer", c.column, show(v))
		} else if err != nil {
			return nil, notValid(c.column, v, "integer")
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
		return nil, etl.Rejectf("column %s: %s is out of range for an integer", c.column, d)
	}
	return b.Int64(), nil
}

// toDecimal converts to decimal.Decimal, exactly, then fits the scale.
type toDecimal struct {
	column   string
	scale    int32
	hasScale bool
	rounding string
}

func newToDecimal(cfg CastConfig) (converter, error) {
	c := &toDecimal{column: cfg.Column, rounding: cfg.Rounding}
	switch c.rounding {
	case "":
		c.rounding = RoundReject
	case RoundReject, RoundHalfUp, RoundHalfEven:
	default:
		return nil, fmt.Errorf("rounding %q is not one of reject, half_up, half_even", c.rounding)
	}
	if cfg.Scale != nil {
		if *cfg.Scale < 0 || *cfg.Scale > maxScale {
			return nil, fmt.Errorf("scale %d is not between 0 and %d", *cfg.Scale, maxScale)
		}
		c.scale, c.hasScale = *cfg.Scale, true
	} else if cfg.Rounding != "" {
		return nil, fmt.Errorf("rounding needs a scale")
	}
	return c, nil
}

func (c *toDecimal) convert(v any) (any, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		if !c.hasScale || x.Exponent() >= -c.scale {
			return v, nil
		}
		return c.fit(x, v)
	case string:
		d, ok := parseDecimal(trimmed(x))
		if !ok {
			return nil, notValid(c.column, v, "decimal")
		}
		return c.fit(d, v)
	case int64:
		return decimal.NewFromInt(x), nil
	case float64:
		if !finite(x) {
			return nil, notValid(c.column, v, "decimal")
		}
		return c.fit(decimal.NewFromFloat(x), v)
	}
	return nil, cannotCast(c.column, v, KindDecimal)
}

// fit applies the scale to d, parsed from the input v.
func (c *toDecimal) fit(d decimal.Decimal, v any) (any, error) {
	if !c.hasScale || d.Exponent() >= -c.scale {
		return d, nil
	}
	switch c.rounding {
	case RoundHalfUp:
		return d.Round(c.scale), nil
	case RoundHalfEven:
		return d.RoundBank(c.scale), nil
	}
	if t := d.Truncate(c.scale); t.Equal(d) {
		return t, nil // only trailing zeros were dropped
	}
	return nil, etl.Rejectf("column %s: %s has more than %d decimal places (the scale); set rounding to half_up or half_even to round it",
		c.column, show(v), c.scale)
}

// toFloat converts to float64; text must be a finite number in decimal
// notation, and a decimal within a float's range.
type toFloat struct{ column string }

func (c toFloat) convert(v any) (any, error) {
	switch x := v.(type) {
	case float64:
		return v, nil
	case string:
		return c.parse(x)
	case int64:
		return float64(x), nil
	case decimal.Decimal:
		if f := x.InexactFloat64(); finite(f) {
			return f, nil
		}
		return nil, etl.Rejectf("column %s: a decimal with %d integer digits is out of range for a float", c.column, x.NumDigits()+int(x.Exponent()))
	}
	return nil, cannotCast(c.column, v, KindFloat)
}

func (c toFloat) parse(s string) (any, error) {
	t := trimmed(s)
	if !plainNumber(t) {
		return nil, notValid(c.column, s, "float")
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return nil, etl.Rejectf("column %s: %s is out of range for a float", c.column, show(s))
	}
	return f, nil
}
