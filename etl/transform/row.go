package transform

import "github.com/warehouse-loader/loader/etl"

// rowBuffer is storage a step owns for the rows it outputs when it cannot
// write into the record's own row (a wider row, a reordered one). It has
// two halves so that it never hands out storage the input row lives in:
// a runner may pass the previous output back as the next input.
//
// A row taken from a rowBuffer is valid until the step's next record; a
// runner that keeps rows longer (a batch) copies them.
type rowBuffer struct {
	a, b etl.Row
}

// take returns a row of length n that does not share storage with in.
func (rb *rowBuffer) take(in etl.Row, n int) etl.Row {
	if cap(rb.a) < n {
		rb.a = make(etl.Row, n)
	}
	if overlaps(in, rb.a) {
		if cap(rb.b) < n {
			rb.b = make(etl.Row, n)
		}
		return rb.b[:n]
	}
	return rb.a[:n]
}

// widen returns row with length n: row itself when its capacity allows,
// else a copy in the buffer.
func (rb *rowBuffer) widen(row etl.Row, n int) etl.Row {
	if cap(row) >= n {
		return row[:n]
	}
	out := rb.take(row, n)
	copy(out, row)
	return out
}

// overlaps reports whether a and b share a backing array (same last slot).
func overlaps(a, b etl.Row) bool {
	if cap(a) == 0 || cap(b) == 0 {
		return false
	}
	return &a[:cap(a)][cap(a)-1] == &b[:cap(b)][cap(b)-1]
}
