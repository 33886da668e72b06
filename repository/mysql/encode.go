package mysql

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl/target"
)

// encodeFunc appends the LOAD DATA text of a non-NULL value.
type encodeFunc func(buf []byte, v any) ([]byte, error)

// TimeLayout is how times are written: UTC, microseconds, what DATETIME(6)
// reads in a session whose time zone is UTC.
const TimeLayout = "2006-01-02 15:04:05.000000"

// encoders picks each column's encoder once, by its kind.
func encoders(t target.Table) []encodeFunc {
	out := make([]encodeFunc, len(t.Columns))
	for i, c := range t.Columns {
		switch c.Kind {
		case target.KindInt:
			out[i] = encodeInt(c.Name)
		case target.KindDecimal:
			out[i] = encodeDecimal(c.Name)
		case target.KindTime:
			out[i] = encodeTime(c.Name, c.Date)
		case target.KindBool:
			out[i] = encodeBool(c.Name)
		case target.KindFloat:
			out[i] = encodeFloat(c.Name)
		default:
			out[i] = encodeText(c.Name)
		}
	}
	return out
}

func mismatch(v any, col string) error {
	return fmt.Errorf("LOAD DATA: %T value for column %s", v, col)
}

// escapeText appends s with LOAD DATA's escapes (ESCAPED BY '\\'): the
// field and line terminators, the escape itself, CR and NUL.
func escapeText(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			buf = append(buf, '\\', '\\')
		case '\t':
			buf = append(buf, '\\', 't')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\r':
			buf = append(buf, '\\', 'r')
		case 0:
			buf = append(buf, '\\', '0')
		default:
			buf = append(buf, c)
		}
	}
	return buf
}

func encodeText(col string) encodeFunc {
	return func(buf []byte, v any) ([]byte, error) {
		s, ok := v.(string)
		if !ok {
			return buf, mismatch(v, col)
		}
		return escapeText(buf, s), nil
	}
}

func encodeInt(col string) encodeFunc {
	return func(buf []byte, v any) ([]byte, error) {
		switch x := v.(type) {
		case int64:
			return strconv.AppendInt(buf, x, 10), nil
		case int32:
			return strconv.AppendInt(buf, int64(x), 10), nil
		case int:
			return strconv.AppendInt(buf, int64(x), 10), nil
		}
		return buf, mismatch(v, col)
	}
}

func encodeDecimal(col string) encodeFunc {
	return func(buf []byte, v any) ([]byte, error) {
		d, ok := v.(decimal.Decimal)
		if !ok {
			return buf, mismatch(v, col)
		}
		return append(buf, d.String()...), nil
	}
}

// encodeTime writes a time in TimeLayout, or its UTC date for a date
// column.
func encodeTime(col string, date bool) encodeFunc {
	layout := TimeLayout
	if date {
		layout = time.DateOnly
	}
	return func(buf []byte, v any) ([]byte, error) {
		t, ok := v.(time.Time)
		if !ok {
			return buf, mismatch(v, col)
		}
		return t.UTC().AppendFormat(buf, layout), nil
	}
}

func encodeBool(col string) encodeFunc {
	return func(buf []byte, v any) ([]byte, error) {
		b, ok := v.(bool)
		switch {
		case !ok:
			return buf, mismatch(v, col)
		case b:
			return append(buf, '1'), nil
		}
		return append(buf, '0'), nil
	}
}

func encodeFloat(col string) encodeFunc {
	return func(buf []byte, v any) ([]byte, error) {
		f, ok := v.(float64)
		if !ok {
			return buf, mismatch(v, col)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return buf, fmt.Errorf("LOAD DATA: %v in column %s, which MySQL cannot store", f, col)
		}
		return strconv.AppendFloat(buf, f, 'g', -1, 64), nil
	}
}
