package etl

import (
	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/etl/value"
)

func toDecimal(v any, col target.Column) (any, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		return fitDecimal(x, v, col)
	case int64:
		return fitDecimal(decimal.NewFromInt(x), nil, col)
	}
	return nil, Rejectf("column %s: %v (%T) is not a decimal", col.Name, v, v)
}

// fitDecimal checks d against numeric(p,s) (value.Numeric). It returns
// boxed (d as read) when d needs no change.
func fitDecimal(d decimal.Decimal, boxed any, col target.Column) (any, error) {
	fitted, changed, err := value.NumericOf(col.Precision, col.Scale).Fit(d)
	if err == nil {
		err = value.FitDigits(fitted, col.Digits)
	}
	if err != nil {
		return nil, refused(col, err)
	}
	if changed || boxed == nil {
		return fitted, nil
	}
	return boxed, nil
}

func toInt(v any, col target.Column) (any, error) {
	n, ok := v.(int64)
	if !ok {
		return nil, Rejectf("column %s: %v (%T) is not a whole number", col.Name, v, v)
	}
	if err := intRange(col).Fit(n); err != nil {
		return nil, refused(col, err)
	}
	return v, nil
}

// intRange returns the column's range; a column described without one
// holds any int64.
func intRange(col target.Column) value.IntRange {
	if col.Min == 0 && col.Max == 0 {
		return value.Int64
	}
	return value.IntRange{Min: col.Min, Max: col.Max}
}

// fitFloat rejects what value.FitFloat refuses; a real column gets the
// value rounded to 32 bits, as PostgreSQL stores it.
func fitFloat(f float64, boxed any, col target.Column) (any, error) {
	g, err := value.FitFloat(f, col.Bits)
	if err != nil {
		return nil, refused(col, err)
	}
	if col.Bits == 32 {
		return g, nil
	}
	return boxed, nil
}
