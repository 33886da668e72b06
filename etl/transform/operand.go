package transform

import (
	"fmt"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/value"
)

// operand is a constant from a config (a filter value, a validate bound)
// read every way it can be, because the kind of the column it meets is
// known only when records arrive: text compares with text, a number with
// integers, decimals and floats, a timestamp or date (RFC 3339 or ISO
// 8601, UTC unless it has an offset) with timestamps, a bool word with
// bools.
type operand struct {
	text   string
	num    number
	t      time.Time
	b      bool
	isNum  bool
	isTime bool
	isBool bool
}

func newOperand(s string) operand {
	o := operand{text: s}
	t := strings.TrimSpace(s)
	if d, ok := parseDecimal(t); ok {
		o.num, o.isNum = newNumber(d), true
	}
	if v, err := time.Parse(value.ISOLayout(t), t); err == nil {
		o.t, o.isTime = v.UTC(), true
	}
	if b, err := value.DefaultBools.Parse(t); err == nil {
		o.b, o.isBool = b, true
	}
	return o
}

// compare compares the non-NULL value v with o: -1, 0 or +1. ok is false
// when v's kind does not compare with o (a pipeline mistake).
func (o *operand) compare(v any) (c int, ok bool) {
	switch x := v.(type) {
	case string:
		return strings.Compare(x, o.text), true
	case time.Time:
		return x.Compare(o.t), o.isTime
	case bool:
		return cmpBool(x, o.b), o.isBool
	}
	if n, isNum := toNumber(v); isNum && o.isNum {
		return n.cmp(&o.num), true
	}
	return 0, false
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

// order compares v with o for an ordering rule (validate's min and max,
// filter's lt, le, gt and ge): like compare, except that text meets a
// numeric constant as the number it writes, so "10.9" is above 5 and "9.5"
// below it, not the other way round as in alphabetical order. ok is false
// for text that is not a number.
func (o *operand) order(v any) (c int, ok bool) {
	s, isText := v.(string)
	if !isText || !o.isNum {
		return o.compare(v)
	}
	d, ok := parseDecimal(strings.TrimSpace(s))
	if !ok {
		return 0, false
	}
	n := newNumber(d)
	return n.cmp(&o.num), true
}

// mismatch is the error for a value that does not compare with o: a reject
// for text that is not the number an ordering rule needs (one bad value),
// else an error that stops the pipeline (its rule does not fit the column).
func (o *operand) mismatch(step, column string, v any) error {
	if _, isText := v.(string); isText && o.isNum {
		return etl.Rejectf("column %s: %s is not a number, so it cannot be compared with %s", column, show(v), o.text)
	}
	return fmt.Errorf("%s: column %s holds %s (%s), which cannot be compared with %q",
		step, column, kindName(v), show(v), o.text)
}

// operands reads a list of constants.
func operands(list []string) []operand {
	out := make([]operand, len(list))
	for i, s := range list {
		out[i] = newOperand(s)
	}
	return out
}

// oneOf reports whether v equals one of os; ok is false on a kind mismatch,
// with the offending operand.
func oneOf(os []operand, v any) (found bool, bad *operand) {
	for k := range os {
		c, ok := os[k].compare(v)
		if !ok {
			return false, &os[k]
		}
		if c == 0 {
			return true, nil
		}
	}
	return false, nil
}
