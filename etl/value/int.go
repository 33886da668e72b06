package value

import (
	"errors"
	"math"
	"strconv"
)

// IntRange is the range of whole numbers a column (or a cast to int)
// holds.
type IntRange struct{ Min, Max int64 }

// Int64 is the range of a cast to int and of a bigint column.
var Int64 = IntRange{Min: math.MinInt64, Max: math.MaxInt64}

// Parse reads s as a base-10 whole number, as strconv.ParseInt(s, 10, 64)
// does after trimming (an optional + or -, ASCII digits), within r.
func (r IntRange) Parse(s string) (int64, error) {
	t := trim(s)
	n, err := strconv.ParseInt(t, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		return 0, r.outside(cut(t))
	}
	if err != nil {
		return 0, notValid(s, "integer")
	}
	return n, r.Fit(n)
}

// Fit refuses n outside r.
func (r IntRange) Fit(n int64) error {
	if n < r.Min || n > r.Max {
		return r.outsideInt(n)
	}
	return nil
}

func (r IntRange) outsideInt(n int64) error { return r.outside(strconv.FormatInt(n, 10)) }

func (r IntRange) outside(shown string) error {
	return rangef("%s is outside the range the column holds, %d to %d", shown, r.Min, r.Max)
}
