package transform

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl"
)

var (
	defaultTrue  = []string{"true", "t", "yes", "y", "1"}
	defaultFalse = []string{"false", "f", "no", "n", "0"}
)

// toBool converts words (case-insensitive), bools and the integers 0, 1.
type toBool struct {
	column      string
	trues       []string
	falses      []string
	expectation string // for reject reasons
}

func newToBool(cfg CastConfig) (converter, error) {
	c := toBool{column: cfg.Column, trues: cfg.TrueValues, falses: cfg.FalseValues}
	if len(c.trues) == 0 {
		c.trues = defaultTrue
	}
	if len(c.falses) == 0 {
		c.falses = defaultFalse
	}
	for _, t := range c.trues {
		if strings.TrimSpace(t) == "" {
			return nil, fmt.Errorf("true_values has an empty word")
		}
		if foldIndex(c.falses, t) >= 0 {
			return nil, fmt.Errorf("%q is both in true_values and in false_values", t)
		}
	}
	if foldIndex(c.falses, "") >= 0 {
		return nil, fmt.Errorf("false_values has an empty word")
	}
	c.expectation = "true (" + strings.Join(c.trues, ", ") + ") or false (" + strings.Join(c.falses, ", ") + ")"
	return c, nil
}

func (c toBool) convert(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return v, nil
	case string:
		s := trimmed(x)
		if foldIndex(c.trues, s) >= 0 {
			return true, nil
		}
		if foldIndex(c.falses, s) >= 0 {
			return false, nil
		}
	case int64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
	default:
		return nil, cannotCast(c.column, v, KindBool)
	}
	return nil, etl.Rejectf("column %s: %s is not a valid bool; expected %s", c.column, show(v), c.expectation)
}

// foldIndex returns the position of s in list, ignoring case, or -1.
func foldIndex(list []string, s string) int {
	for i, w := range list {
		if strings.EqualFold(w, s) {
			return i
		}
	}
	return -1
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
		ls, err := parseLayouts([]string{cfg.Format})
		if err != nil {
			return nil, err
		}
		c.layout = ls[0].output()
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
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	case time.Time:
		return x.Format(c.layout), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	}
	return nil, cannotCast(c.column, v, KindString)
}
