package value

import "time"

// wallProblem tells whether the local time t, parsed from s with layout,
// is ambiguous (it happens twice when clocks go back) or does not exist
// (clocks skip it). Far from a change of offset it costs two look-ups.
func wallProblem(t time.Time, layout, s string) string {
	_, before := t.Add(-12 * time.Hour).Zone()
	_, after := t.Add(12 * time.Hour).Zone()
	if before == after {
		return ""
	}
	shift := time.Duration(before-after) * time.Second
	if sameWall(t, t.Add(shift)) || sameWall(t, t.Add(-shift)) {
		return "is ambiguous (it happens twice when clocks go back)"
	}
	if wall, err := time.Parse(layout, s); err == nil && !sameWall(t, wall) {
		return "does not exist (clocks skip it)"
	}
	return ""
}

// sameWall reports whether a and b show the same date and clock, each in
// its own location.
func sameWall(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd && a.Hour() == b.Hour() &&
		a.Minute() == b.Minute() && a.Second() == b.Second() && a.Nanosecond() == b.Nanosecond()
}
