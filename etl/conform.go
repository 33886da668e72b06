package etl

import (
	"fmt"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/etl/value"
)

// conformer turns a transformed row into a row of the target table: it
// picks the target's columns, sets load_run_id (when the table has it) to
// the run writing the row, converts each value to the column's kind and
// rejects, naming the column, every value the column cannot hold the same
// way on every database: NULLs in NOT NULL columns, decimals beyond
// numeric(p,s), integers beyond the column's width, NaN and infinities,
// text with a NUL byte, invalid UTF-8 or more than varchar(n) characters,
// timestamps outside the years 1 to 9999.
type conformer struct {
	table  target.Table
	from   []int // for each target column, its position in the input; -1: none
	runCol int   // position of load_run_id in the target, or -1
	runID  int64
}

func newConformer(in Columns, t target.Table) (*conformer, error) {
	c := &conformer{table: t, from: make([]int, len(t.Columns)), runCol: -1}
	known := map[string]bool{}
	for i, col := range t.Columns {
		known[col.Name] = true
		c.from[i] = in.Index(col.Name)
		if col.Name == target.RunColumn { // always the run that writes the row
			c.runCol = i
			continue
		}
		if c.from[i] < 0 && col.NotNull {
			return nil, fmt.Errorf("column %s of %s is NOT NULL but the pipeline does not produce it; map a source column to it", col.Name, t.Name)
		}
	}
	var extra []string
	for _, n := range in.Names() {
		if !known[n] {
			extra = append(extra, n)
		}
	}
	if len(extra) > 0 {
		return nil, fmt.Errorf("columns %s are not in %s (model %s); drop them with a select step or map them to its columns", strings.Join(extra, ", "), t.Name, t.Model)
	}
	return c, nil
}

// conform fills out (len = target columns) from row.
func (c *conformer) conform(row Row, out []any) error {
	for i, col := range c.table.Columns {
		if i == c.runCol {
			out[i] = c.runID
			continue
		}
		var v any
		if j := c.from[i]; j >= 0 {
			v = row[j]
		}
		cv, err := convert(v, col)
		if err != nil {
			return err
		}
		out[i] = cv
	}
	return nil
}

// convert turns v into a value of col's kind that the column holds on
// every database, or rejects it, by the rules of package value (the ones
// a cast step follows too); conform_number.go and conform_text.go fit
// values that are not text.
// A value already of the right kind is returned as the same interface
// value, so the common path allocates nothing.
func convert(v any, col target.Column) (any, error) {
	if v == nil {
		if col.NotNull {
			return nil, Rejectf("column %s is NULL but the table requires a value", col.Name)
		}
		return nil, nil
	}
	if s, ok := v.(string); ok && col.Kind != target.KindString {
		out, err := parseAs(s, col)
		if err != nil {
			return nil, refused(col, err)
		}
		return out, nil
	}
	switch col.Kind {
	case target.KindDecimal:
		return toDecimal(v, col)
	case target.KindInt:
		return toInt(v, col)
	case target.KindTime:
		if t, ok := v.(time.Time); ok {
			return fitTime(t, v, col)
		}
	case target.KindString:
		return toText(v, col)
	case target.KindBool:
		if _, ok := v.(bool); ok {
			return v, nil
		}
	case target.KindFloat:
		if f, ok := v.(float64); ok {
			return fitFloat(f, v, col)
		}
	}
	return nil, Rejectf("column %s: %v (%T) cannot be stored as %s", col.Name, v, v, col.Kind)
}

// parseAs reads the text s as a value of col's kind.
func parseAs(s string, col target.Column) (any, error) {
	switch col.Kind {
	case target.KindInt:
		return intRange(col).Parse(s)
	case target.KindDecimal:
		return value.NumericOf(col.Precision, col.Scale).Parse(s)
	case target.KindTime:
		return value.ISO8601.Parse(s)
	case target.KindBool:
		return value.DefaultBools.Parse(s)
	default:
		return value.Float(s, col.Bits)
	}
}

// refused rejects a value of col that package value refused, with its
// reason.
func refused(col target.Column, err error) error {
	return Rejectf("column %s: %s", col.Name, err)
}
