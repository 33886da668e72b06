package transform

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/value"
)

// toBool converts words (by package value's rules: case-insensitive,
// trimmed), bools and the integers 0, 1.
type toBool struct {
	column string
	words  value.Bools
}

func newToBool(cfg CastConfig) (converter, error) {
	c := toBool{column: cfg.Column, words: value.Bools{True: cfg.TrueValues, False: cfg.FalseValues}}
	if len(c.words.True) == 0 {
		c.words.True = value.DefaultBools.True
	}
	if len(c.words.False) == 0 {
		c.words.False = value.DefaultBools.False
	}
	for _, t := range c.words.True {
		if strings.TrimSpace(t) == "" {
			return nil, fmt.Errorf("true_values has an empty word")
		}
		if value.Fold(c.words.False, t) >= 0 {
			return nil, fmt.Errorf("%q is both in true_values and in false_values", t)
		}
	}
	if value.Fold(c.words.False, "") >= 0 {
		return nil, fmt.Errorf("false_values has an empty word")
	}
	return c, nil
}

func (c toBool) convert(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return v, nil
	case string:
		b, err := c.words.Parse(x)
		if err != nil {
			return nil, refused(c.column, err)
		}
		return b, nil
	case int64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
		return nil, etl.Rejectf("column %s: %d is not a valid bool; expected 0 or 1", c.column, x)
	}
	return nil, cannotCast(c.column, v, KindBool)
}

// toString writes values as text: decimals with the scale's places when
// set, timestamps with the format (default RFC 3339).
type toString struct {
	column   string
	scale    int32
	hasScale bool
	layout   string
}

func newToString(cfg CastConfig) (converter, error) {
	c := toString{column: cfg.Column, layout: time.RFC3339Nano}
	if cfg.Scale != nil {
		if *cfg.Scale < 0 || *cfg.Scale > maxScale {
			return nil, fmt.Errorf("scale %d is not between 0 and %d", *cfg.Scale, maxScale)
		}
		c.scale, c.hasScale = *cfg.Scale, true
	}
	if len(cfg.Formats) > 0 {
		return nil, fmt.Errorf("to: string writes with one format; use format, not formats")
	}
	if cfg.Format != "" {
		var err error
		if c.layout, err = value.OutputLayout(cfg.Format); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c toString) convert(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return v, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case decimal.Decimal:
		if c.hasScale {
			return x.StringFixed(c.scale), nil
		}
		t, err := value.DecimalText(x)
		if err != nil {
			return nil, refused(c.column, err)
		}
		return t, nil
	case bool:
		return strconv.FormatBool(x), nil
	case time.Time:
		return x.Format(c.layout), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	}
	return nil, cannotCast(c.column, v, KindString)
}
