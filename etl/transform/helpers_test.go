package transform

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl"
)

// outcome is what a step did to one record: the row after it, or the
// reject reason, "DROP", or another error's text.
type outcome struct {
	row    etl.Row
	reason string
}

// apply binds step to columns cols and applies it to each row in turn.
func apply(t *testing.T, step etl.Step, cols []string, rows ...etl.Row) (etl.Columns, []outcome) {
	t.Helper()
	out, fn, err := step.Bind(etl.MustColumns(cols...))
	if err != nil {
		t.Fatalf("Bind: %v", err)
	}
	var res []outcome
	for i, row := range rows {
		rec := &etl.Record{N: int64(i + 1), Raw: row, Row: append(etl.Row(nil), row...)}
		o := outcome{reason: describe(fn(rec))}
		if o.reason == "" {
			o.row = append(etl.Row(nil), rec.Row...)
		}
		res = append(res, o)
	}
	return out, res
}

// applyOne applies step to one row of columns cols.
func applyOne(t *testing.T, step etl.Step, cols []string, row etl.Row) outcome {
	t.Helper()
	_, res := apply(t, step, cols, row)
	return res[0]
}

func describe(err error) string {
	var rej *etl.RejectError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, etl.ErrDrop):
		return "DROP"
	case errors.As(err, &rej):
		return "REJECT " + rej.Reason
	}
	return "ERROR " + err.Error()
}

func must(t testing.TB) func(etl.Step, error) etl.Step {
	return func(s etl.Step, err error) etl.Step {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func utc(y int, m time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

func ptr[T any](v T) *T { return &v }

// sameValue compares row values: decimals by value, times by instant and
// location.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case decimal.Decimal:
		y, ok := b.(decimal.Decimal)
		return ok && x.Equal(y)
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y) && x.Location() == y.Location()
	}
	return a == b
}

func sameRow(a, b etl.Row) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
