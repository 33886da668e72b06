package etl

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/etl/value"
)

func toText(v any, col target.Column) (any, error) {
	s, ok := v.(string)
	if !ok {
		if d, isDec := v.(decimal.Decimal); isDec {
			var err error
			if s, err = value.DecimalText(d); err != nil {
				return nil, refused(col, err)
			}
		} else {
			s = fmt.Sprint(v)
		}
		v = s
	}
	if err := value.Text(s, col.MaxLen); err != nil {
		return nil, refused(col, err)
	}
	return v, nil
}

// fitTime rejects t outside the years 1 to 9999 and returns it in UTC
// (boxed, t as read, when it already is).
func fitTime(t time.Time, boxed any, col target.Column) (any, error) {
	fitted, changed, err := value.FitTime(t)
	if err != nil {
		return nil, refused(col, err)
	}
	if changed {
		return fitted, nil
	}
	return boxed, nil
}
