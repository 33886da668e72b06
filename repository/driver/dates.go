package driver

import (
	"time"

	"github.com/warehouse-loader/loader/etl/target"
)

// DatesAsText returns rows with the times of t's date columns as their
// UTC date, 'YYYY-MM-DD' text (time.DateOnly), for drivers that bind
// values as parameters. go-sqlite3 would write a time as '1998-06-12
// 00:00:00+00:00', which neither equals nor falls between the date
// literals a query compares with, and reads the text of a column declared
// date back as midnight UTC; MySQL in strict mode refuses a time of day
// for a DATE. rows are left as they are: a copy is returned when t has
// date columns.
func DatesAsText(t target.Table, rows [][]any) [][]any {
	var dates []int
	for i, c := range t.Columns {
		if c.Kind == target.KindTime && c.Date {
			dates = append(dates, i)
		}
	}
	if len(dates) == 0 {
		return rows
	}
	n := len(t.Columns)
	flat := make([]any, len(rows)*n)
	out := make([][]any, len(rows))
	for r, row := range rows {
		cp := flat[r*n : (r+1)*n : (r+1)*n]
		copy(cp, row)
		for _, i := range dates {
			if tm, ok := cp[i].(time.Time); ok {
				cp[i] = tm.UTC().Format(time.DateOnly)
			}
		}
		out[r] = cp
	}
	return out
}
