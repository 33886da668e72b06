package etl

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/repository"
)

// conformer turns a transformed row into a row of the target table: it
// picks the target's columns, sets load_run_id (when the table has it) to
// the run writing the row, converts each value to the column's kind and
// rejects NULLs in NOT NULL columns and decimals with more places than the
// column keeps.
type conformer struct {
	table  repository.Table
	from   []int // for each target column, its position in the input; -1: none
	runCol int   // position of load_run_id in the target, or -1
	runID  int64
}

func newConformer(in Columns, t repository.Table) (*conformer, error) {
	c := &conformer{table: t, from: make([]int, len(t.Columns)), runCol: -1}
	known := map[string]bool{}
	for i, col := range t.Columns {
		known[col.Name] = true
		c.from[i] = in.Index(col.Name)
		if col.Name == repository.RunColumn { // always the run that writes the row
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

func convert(v any, col repository.Column) (any, error) {
	if v == nil {
		if col.NotNull {
			return nil, Rejectf("column %s is NULL but the table requires a value", col.Name)
		}
		return nil, nil
	}
	if s, ok := v.(string); ok && col.Kind != repository.KindString {
		return parseAs(strings.TrimSpace(s), col)
	}
	switch col.Kind {
	case repository.KindDecimal:
		return toDecimal(v, col)
	case repository.KindInt:
		return toInt(v, col)
	case repository.KindTime:
		if t, ok := v.(time.Time); ok {
			return t.UTC(), nil
		}
	case repository.KindString:
		if s, ok := v.(string); ok {
			return s, nil
		}
		if d, ok := v.(decimal.Decimal); ok {
			return d.String(), nil
		}
		return fmt.Sprint(v), nil
	case repository.KindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case repository.KindFloat:
		if f, ok := v.(float64); ok {
			return f, nil
		}
	}
	return nil, Rejectf("column %s: %v (%T) cannot be stored as %s", col.Name, v, v, col.Kind)
}

func parseAs(s string, col repository.Column) (any, error) {
	switch col.Kind {
	case repository.KindInt:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, Rejectf("column %s: %q is not a whole number", col.Name, s)
		}
		return toInt(n, col)
	case repository.KindDecimal:
		d, err := decimal.NewFromString(s)
		if err != nil {
			return nil, Rejectf("column %s: %q is not a decimal number", col.Name, s)
		}
		return toDecimal(d, col)
	case repository.KindTime:
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, Rejectf("column %s: %q is not an RFC 3339 timestamp; add a cast step with its format", col.Name, s)
		}
		return t.UTC(), nil
	case repository.KindBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, Rejectf("column %s: %q is not a boolean", col.Name, s)
		}
		return b, nil
	default:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, Rejectf("column %s: %q is not a number", col.Name, s)
		}
		return f, nil
	}
}

func toDecimal(v any, col repository.Column) (any, error) {
	var d decimal.Decimal
	switch x := v.(type) {
	case decimal.Decimal:
		d = x
	case int64:
		d = decimal.NewFromInt(x)
	default:
		return nil, Rejectf("column %s: %v (%T) is not a decimal", col.Name, v, v)
	}
	if col.Scale > 0 && -d.Exponent() > int32(col.Scale) && !d.Equal(d.Round(int32(col.Scale))) {
		return nil, Rejectf("column %s: %s has more than %d decimal places; round it with a cast step", col.Name, d, col.Scale)
	}
	return d, nil
}

func toInt(v any, col repository.Column) (any, error) {
	n, ok := v.(int64)
	if !ok {
		return nil, Rejectf("column %s: %v (%T) is not a whole number", col.Name, v, v)
	}
	if col.Int32 && (n > 1<<31-1 || n < -1<<31) {
		return nil, Rejectf("column %s: %d does not fit in a 32-bit integer", col.Name, n)
	}
	if col.Int32 {
		return int32(n), nil
	}
	return n, nil
}
