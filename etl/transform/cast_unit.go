package transform

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/value"
)

// Units of CastConfig.Unit: epoch numbers counted in seconds,
// milliseconds, microseconds or nanoseconds since 1970-01-01 UTC.
const (
	UnitSeconds      = "s"
	UnitMilliseconds = "ms"
	UnitMicroseconds = "us"
	UnitNanoseconds  = "ns"
)

// unitsPerSecond is how many of each unit make a second.
var unitsPerSecond = map[string]int64{UnitSeconds: 1, UnitMilliseconds: 1e3, UnitMicroseconds: 1e6, UnitNanoseconds: 1e9}

var unitNames = map[string]string{UnitSeconds: "seconds", UnitMilliseconds: "milliseconds",
	UnitMicroseconds: "microseconds", UnitNanoseconds: "nanoseconds"}

// toEpoch converts epoch numbers (integer or decimal text, int64,
// float64, json.Number, decimal) to timestamps, exactly: an integer
// count is never rounded through a float, and a fraction is kept to the
// nanosecond.
type toEpoch struct {
	column string
	unit   string
	per    int64 // units per second
}

func newToEpoch(cfg CastConfig) (converter, error) {
	per, ok := unitsPerSecond[cfg.Unit]
	if !ok {
		units := []string{UnitSeconds, UnitMilliseconds, UnitMicroseconds, UnitNanoseconds}
		return nil, fmt.Errorf("unit %q is not one of %s", cfg.Unit, strings.Join(units, ", "))
	}
	switch {
	case cfg.Format != "" || len(cfg.Formats) > 0:
		return nil, fmt.Errorf("set unit (epoch numbers) or format (text in a layout), not both")
	case cfg.Timezone != "":
		return nil, fmt.Errorf("timezone does not apply with unit: epoch numbers are counted from 1970-01-01 UTC")
	}
	return &toEpoch{column: cfg.Column, unit: cfg.Unit, per: per}, nil
}

func (c *toEpoch) convert(v any) (any, error) {
	switch x := v.(type) {
	case int64:
		return c.fromInt(x)
	case string:
		return c.fromText(x)
	case json.Number:
		return c.fromText(string(x))
	case decimal.Decimal:
		return c.fromDecimal(x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, notValid(c.column, v, "epoch number")
		}
		return c.fromDecimal(decimal.NewFromFloat(x))
	case time.Time:
		return c.fitted(x)
	}
	return nil, cannotCast(c.column, v, KindTimestamp)
}

func (c *toEpoch) fromText(s string) (any, error) {
	d, err := value.ParseDecimal(s)
	if err != nil {
		return nil, etl.Rejectf("column %s: %s is not a valid epoch number in %s", c.column, show(s), unitNames[c.unit])
	}
	return c.fromDecimal(d)
}

// fromInt splits n units into seconds and nanoseconds without overflow.
func (c *toEpoch) fromInt(n int64) (any, error) {
	sec, rem := n/c.per, n%c.per
	if rem < 0 {
		sec, rem = sec-1, rem+c.per
	}
	return c.instant(time.Unix(sec, rem*(1e9/c.per)).UTC(), decimal.NewFromInt(n))
}

// fromDecimal converts d units exactly; a fraction of a nanosecond is
// refused rather than rounded.
func (c *toEpoch) fromDecimal(d decimal.Decimal) (any, error) {
	ns := d.Mul(decimal.NewFromInt(1e9 / c.per))
	if !ns.IsInteger() {
		return nil, etl.Rejectf("column %s: %s %s has a fraction finer than a nanosecond", c.column, d, unitNames[c.unit])
	}
	sec, rem := new(big.Int).DivMod(ns.BigInt(), big.NewInt(1e9), new(big.Int))
	if !sec.IsInt64() {
		return nil, c.outside(d)
	}
	return c.instant(time.Unix(sec.Int64(), rem.Int64()).UTC(), d)
}

// instant returns t, the instant of n units, when the warehouse stores it.
func (c *toEpoch) instant(t time.Time, n decimal.Decimal) (any, error) {
	if _, _, err := value.FitTime(t); err != nil {
		return nil, c.outside(n)
	}
	return t, nil
}

func (c *toEpoch) outside(n decimal.Decimal) error {
	return etl.Rejectf("column %s: %s %s since 1970-01-01 UTC is outside the years 1 to 9999 (UTC) the warehouse stores",
		c.column, n, unitNames[c.unit])
}

func (c *toEpoch) fitted(t time.Time) (any, error) {
	t, _, err := value.FitTime(t)
	if err != nil {
		return nil, refused(c.column, err)
	}
	return t, nil
}
