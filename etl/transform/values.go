package transform

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// kindName names the kind of a row value for messages.
func kindName(v any) string {
	switch v.(type) {
	case nil:
		return "NULL"
	case string:
		return "text"
	case int64:
		return "an integer"
	case decimal.Decimal:
		return "a decimal"
	case bool:
		return "a bool"
	case time.Time:
		return "a timestamp"
	case float64:
		return "a float"
	default:
		return fmt.Sprintf("a %T", v)
	}
}

// show renders a row value for a reject reason: text quoted, other kinds
// as written in SQL.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return strconv.Quote(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case decimal.Decimal:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	default:
		return fmt.Sprintf("%v", v)
	}
}
