package transform

import (
	"math"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl/value"
)

// parseDecimal parses s (already trimmed) as an exact decimal by package
// value's rules (decimal notation only; see value.ParseDecimal).
func parseDecimal(s string) (decimal.Decimal, bool) {
	d, err := value.ParseDecimal(s)
	return d, err == nil
}

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
