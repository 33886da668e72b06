package transform

import (
	"fmt"

	"github.com/warehouse-loader/loader/etl"
)

// converter turns one non-NULL value into the target kind, or rejects it.
type converter interface {
	convert(v any) (any, error)
}

// newConverter builds the converter for cfg.To, checking its settings.
func newConverter(cfg CastConfig) (converter, error) {
	switch cfg.To {
	case KindInt:
		return toInt{column: cfg.Column}, nil
	case KindDecimal:
		return newToDecimal(cfg)
	case KindFloat:
		return toFloat{column: cfg.Column}, nil
	case KindBool:
		return newToBool(cfg)
	case KindString:
		return newToString(cfg)
	case KindTimestamp, KindDate:
		if cfg.Unit != "" {
			return newToEpoch(cfg)
		}
		return newToTime(cfg)
	}
	return nil, fmt.Errorf("to %q is not a kind", cfg.To)
}

// refused rejects a value of column that package value refused, with its
// reason: the same reason the final conversion to the column gives.
func refused(column string, err error) error {
	return etl.Rejectf("column %s: %s", column, err)
}

// notValid rejects value v of column as not a valid what.
func notValid(column string, v any, what string) error {
	return etl.Rejectf("column %s: %s is not a valid %s", column, show(v), what)
}

// cannotCast rejects a value of a kind that has no conversion to kind.
func cannotCast(column string, v any, kind string) error {
	return etl.Rejectf("column %s: %s is %s, which cannot be cast to %s", column, show(v), kindName(v), kind)
}
