package infer

import "strings"

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

// timeWords in a column name hint that its integers are epoch numbers.
var timeWords = []string{"time", "date", "epoch", "created", "updated", "modified"}

// timeTokens are words of a snake_case name with the same hint.
var timeTokens = []string{"at", "ts", "epoch"}

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

func timeName(name string) bool {
	for _, w := range timeWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	for _, t := range strings.Split(name, "_") {
		for _, w := range timeTokens {
			if t == w {
				return true
			}
		}
	}
	return false
}
