package infer

// epochRanges are the plausible ranges of epoch numbers per unit: about
// 1973 to 2096.
var epochRanges = []struct {
	unit     string
	min, max int64
}{
	{"s", 1e8, 4e9},
	{"ms", 1e11, 4e12},
	{"us", 1e14, 4e15},
	{"ns", 1e17, 4e18},
}

// epochScale is the most decimal places an epoch number of each unit has
// down to the nanosecond, which a cast with the unit keeps exactly.
var epochScale = map[string]int{"s": 9, "ms": 6, "us": 3, "ns": 0}

// epochUnit returns the unit of numbers whose integer parts go from lo to hi in a column
// called name, or "" when they are not epoch numbers.
func epochUnit(name string, lo, hi int64) string {
	if !timeName(name) {
		return ""
	}
	for _, r := range epochRanges {
		if lo >= r.min && hi <= r.max {
			return r.unit
		}
	}
	return ""
}
