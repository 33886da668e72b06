package httpsource

import (
	"cmp"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/tidwall/gjson"
)

// Kinds of cursor values, compared each in its own way.
const (
	kindNumber = "number"
	kindTime   = "time"
	kindText   = "text"
)

// value is a cursor field's value, typed: its text as the API gave it,
// and the number, or the time and the layout that parsed it.
type value struct {
	kind   string
	text   string
	num    decimal.Decimal
	t      time.Time
	layout string
}

var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// parseValue types a JSON value: a number (a JSON number, exponent
// included, or a string holding a plain decimal), else a timestamp or a date, else text. It
// reports false for null, a missing value, an object or an array.
func parseValue(r gjson.Result) (value, bool) {
	switch r.Type {
	case gjson.Number: // exponents too (1e3, 2.5E-2), exactly
		if n, err := decimal.NewFromString(r.Raw); err == nil {
			return value{kind: kindNumber, text: r.Raw, num: n}, true
		}
		return typed(r.Raw), true
	case gjson.String, gjson.True, gjson.False:
		return typed(r.String()), true
	}
	return value{}, false
}

// typed types the text s.
func typed(s string) value {
	if plainNumber.MatchString(s) {
		if n, err := decimal.NewFromString(s); err == nil {
			return value{kind: kindNumber, text: s, num: n}
		}
	}
	if layout := timeLayout(s); layout != "" {
		if t, err := time.Parse(layout, s); err == nil {
			return value{kind: kindTime, text: s, t: t, layout: layout}
		}
	}
	return value{kind: kindText, text: s}
}

// restore types text stored in a checkpoint as kind, with layout.
func restore(kind, layout, text string) (value, bool) {
	v := value{kind: kind, text: text, layout: layout}
	var err error
	switch kind {
	case kindNumber:
		v.num, err = decimal.NewFromString(text)
	case kindTime:
		v.t, err = time.Parse(layout, text)
	case kindText:
	default:
		return value{}, false
	}
	return v, err == nil
}

// compare orders two values of one kind.
func (v value) compare(w value) int {
	switch v.kind {
	case kindNumber:
		return v.num.Cmp(w.num)
	case kindTime:
		return v.t.Compare(w.t)
	}
	return cmp.Compare(v.text, w.text)
}

var timestamp = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:([T ])[0-9]{2}:[0-9]{2}(:[0-9]{2})?(?:\.([0-9]{1,9}))?(Z|[+-][0-9]{2}:[0-9]{2}|[+-][0-9]{4})?)?$`)

// timeLayout returns the layout of an ISO 8601 / RFC 3339 timestamp or
// date, so a value computed from it is written the same way; "" when s is
// neither.
func timeLayout(s string) string {
	m := timestamp.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("2006-01-02")
	if m[1] == "" {
		return b.String()
	}
	b.WriteString(m[1] + "15:04")
	if m[2] != "" {
		b.WriteString(":05")
	}
	if m[3] != "" {
		b.WriteString("." + strings.Repeat("0", len(m[3])))
	}
	switch zone := m[4]; {
	case zone == "":
	case zone == "Z":
		b.WriteString("Z07:00")
	case strings.Contains(zone, ":"):
		b.WriteString("-07:00")
	default:
		b.WriteString("Z0700")
	}
	return b.String()
}
