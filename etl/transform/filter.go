package transform

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// FilterConfig keeps the records whose column satisfies a condition and
// drops the others (etl.ErrDrop), like df[df[column] > value].
//
// Comparisons follow the column's kind: numbers (integers, decimals,
// floats) exactly, timestamps as instants, text lexically (byte order),
// bools with false before true. Text against a numeric value orders as the
// number it writes (lt, le, gt, ge: "10.9" is above 5), and text that is no
// number is a reject; eq and ne compare text exactly ("007" is not 7). As in SQL's WHERE, NULL satisfies only
// is_null: every other op drops it, ne and not_in too. A value that
// cannot meet the column's kind (a word against decimals) fails the run.
type FilterConfig struct {
	// Column is the column tested; required.
	Column string `yaml:"column"`
	// Op is eq, ne, lt, le, gt, ge, in, not_in, is_null, not_null or
	// matches (Value is a Go regular expression searched in the text,
	// unanchored: write ^…$ to match the whole value).
	Op string `yaml:"op"`
	// Value is the operand of the comparisons and matches; not empty
	// (to test for the empty text, use op: in with values: [""]).
	Value string `yaml:"value"`
	// Values are the operands of in and not_in.
	Values []string `yaml:"values"`
}

type filterOp int

const (
	opEq filterOp = iota
	opNe
	opLt
	opLe
	opGt
	opGe
	opIn
	opNotIn
	opIsNull
	opNotNull
	opMatches
)

var filterOps = []string{"eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "is_null", "not_null", "matches"}

type filter struct {
	name    string
	column  string
	op      filterOp
	value   operand
	values  []operand
	pattern *regexp.Regexp
}

// NewFilter returns the filter step after checking that the op has the
// operands it needs and no others.
func NewFilter(cfg FilterConfig) (etl.Step, error) {
	if err := checkColumn("filter", "column", cfg.Column); err != nil {
		return nil, err
	}
	f := &filter{name: "filter " + cfg.Column, column: cfg.Column}
	k := slices.Index(filterOps, cfg.Op)
	if k < 0 {
		return nil, fmt.Errorf("%s: op %q is not one of %s", f.name, cfg.Op, strings.Join(filterOps, ", "))
	}
	f.op = filterOp(k)
	if err := f.operands(cfg); err != nil {
		return nil, fmt.Errorf("%s: op %s: %w", f.name, cfg.Op, err)
	}
	return f, nil
}

func (f *filter) operands(cfg FilterConfig) (err error) {
	hasValue, hasValues := cfg.Value != "", cfg.Values != nil
	switch f.op {
	case opIsNull, opNotNull:
		if hasValue || hasValues {
			return fmt.Errorf("takes no value or values")
		}
	case opIn, opNotIn:
		if hasValue || len(cfg.Values) == 0 {
			return fmt.Errorf("needs values (a list), not value")
		}
		f.values = operands(cfg.Values)
	case opMatches:
		if !hasValue || hasValues {
			return fmt.Errorf("needs value (a regular expression), not values")
		}
		f.pattern, err = regexp.Compile(cfg.Value)
	default:
		if !hasValue || hasValues {
			return fmt.Errorf("needs value, not values")
		}
		f.value = newOperand(cfg.Value)
	}
	return err
}

// Name returns "filter <column>".
func (f *filter) Name() string { return f.name }

// Bind resolves the column; the columns are unchanged.
func (f *filter) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	i, err := lookup(f.name, in, f.column)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	return in, func(rec *etl.Record) error {
		keep, err := f.match(rec.Row[i])
		if err != nil {
			return err
		}
		if !keep {
			return etl.ErrDrop
		}
		return nil
	}, nil
}

// match tells whether v satisfies the condition.
func (f *filter) match(v any) (bool, error) {
	if f.op == opIsNull || f.op == opNotNull || v == nil {
		return (v == nil) == (f.op == opIsNull), nil
	}
	switch f.op {
	case opMatches:
		s, ok := v.(string)
		if !ok {
			return false, fmt.Errorf("%s: matches needs text, but column %s holds %s; filter before the cast", f.name, f.column, kindName(v))
		}
		return f.pattern.MatchString(s), nil
	case opIn, opNotIn:
		found, bad := oneOf(f.values, v)
		if bad != nil {
			return false, bad.mismatch(f.name, f.column, v)
		}
		return found == (f.op == opIn), nil
	}
	c, ok := f.value.compare(v)
	if f.op != opEq && f.op != opNe { // text equality stays exact: "007" is not 7
		c, ok = f.value.order(v)
	}
	if !ok {
		return false, f.value.mismatch(f.name, f.column, v)
	}
	return holds(f.op, c), nil
}

// holds tells whether a comparison result c satisfies op.
func holds(op filterOp, c int) bool {
	switch op {
	case opEq:
		return c == 0
	case opNe:
		return c != 0
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	case opGt:
		return c > 0
	}
	return c >= 0
}
