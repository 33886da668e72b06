package value

import "strings"

// Bools are the words read as true and as false, compared without regard
// to case after trimming.
type Bools struct {
	True, False []string
}

// DefaultBools are the words a bool column and a cast to bool read
// unless a cast names others: true, t, yes, y, 1 and false, f, no, n, 0.
// They include every spelling strconv.ParseBool takes.
var DefaultBools = Bools{
	True:  []string{"true", "t", "yes", "y", "1"},
	False: []string{"false", "f", "no", "n", "0"},
}

// Parse reads s as one of the words.
func (b Bools) Parse(s string) (bool, error) {
	t := trim(s)
	if Fold(b.True, t) >= 0 {
		return true, nil
	}
	if Fold(b.False, t) >= 0 {
		return false, nil
	}
	return false, syntaxf("%s is not a valid bool; expected %s", quote(s), b.expected())
}

// expected describes the words for a reason.
func (b Bools) expected() string {
	return "true (" + strings.Join(b.True, ", ") + ") or false (" + strings.Join(b.False, ", ") + ")"
}

// Fold returns the position of s in words, ignoring case, or -1.
func Fold(words []string, s string) int {
	for i, w := range words {
		if strings.EqualFold(w, s) {
			return i
		}
	}
	return -1
}
