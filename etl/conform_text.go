package etl

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl/target"
)

func toText(v any, col target.Column) (any, error) {
	s, ok := v.(string)
	if !ok {
		if d, isDec := v.(decimal.Decimal); isDec {
			if d.NumDigits()+abs(int(d.Exponent())) > maxNumericIntDigits+maxNumericScale {
				return nil, Rejectf("column %s: %s has too many digits to store as text", col.Name, showDecimal(d, ""))
			}
			s = d.String()
		} else {
			s = fmt.Sprint(v)
		}
		v = s
	}
	if err := checkText(s, col); err != nil {
		return nil, err
	}
	return v, nil
}

// checkText rejects what PostgreSQL text refuses (a NUL byte, invalid
// UTF-8), on every database, and text longer than a varchar(n).
func checkText(s string, col target.Column) error {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return Rejectf("column %s: text has a NUL byte at byte offset %d, which the warehouse cannot store; remove it in the source or with a step", col.Name, i)
	}
	if !utf8.ValidString(s) {
		return Rejectf("column %s: text is not valid UTF-8 at byte offset %d; set the source's encoding or fix the text", col.Name, invalidUTF8At(s))
	}
	if col.MaxLen > 0 && len(s) > col.MaxLen {
		if n := utf8.RuneCountInString(s); n > col.MaxLen {
			return Rejectf("column %s: text has %d characters, varchar(%d) holds at most %d", col.Name, n, col.MaxLen, col.MaxLen)
		}
	}
	return nil
}

func invalidUTF8At(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(s)
}

// Timestamps are stored for the years 1 to 9999 (UTC) only: PostgreSQL
// holds 4713 BC to 294276 AD, SQLite keeps text that sorts by time only
// with four-digit years.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	endTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

// fitTime rejects t outside the years 1 to 9999 and returns it in UTC
// (boxed, t as read, when it already is).
func fitTime(t time.Time, boxed any, col target.Column) (any, error) {
	if s := t.Unix(); s < minTime || s >= endTime {
		return nil, Rejectf("column %s: %s is outside the years 1 to 9999 (UTC) the warehouse stores", col.Name, t.UTC().Format(time.RFC3339Nano))
	}
	if boxed != nil && t.Location() == time.UTC {
		return boxed, nil
	}
	return t.UTC(), nil
}

// showLimit is how many characters of a value a reason shows.
const showLimit = 40

// cut shortens s, ASCII text that parsed as a number, for a reason.
func cut(s string) string {
	if len(s) <= showLimit {
		return s
	}
	return s[:showLimit] + "…"
}

// showDecimal shows d for a reason: as the source wrote it when known,
// else in full when short, else in scientific notation ("1e400").
func showDecimal(d decimal.Decimal, text string) string {
	if text != "" {
		return cut(text)
	}
	exp := int(d.Exponent())
	if d.NumDigits()+abs(exp) <= showLimit {
		return d.String()
	}
	digits, sign := d.Coefficient().String(), ""
	if digits[0] == '-' {
		sign, digits = "-", digits[1:]
	}
	mantissa := digits[:1]
	if len(digits) > 1 {
		mantissa += "." + digits[1:]
	}
	return sign + cut(mantissa) + "e" + strconv.Itoa(exp+len(digits)-1)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
