package value

import "time"

// fastLayout reads layouts made only of the zero-padded numeric fields
// 2006 01 02 15 04 05 and separators ("2006-01-02 15:04:05",
// "02/01/2006") by position, several times faster than time.Parse. It
// accepts only input of the layout's exact shape with fields in range;
// for anything else (fractional seconds, a bad day) the caller falls back
// to time.Parse, so the result and the errors are time.Parse's.
type fastLayout struct {
	text string
	pos  [6]int8  // start of year, month, day, hour, minute, second; -1 absent
	seps [64]bool // text[i] is a separator
	ok   bool
}

var fastFields = [6]string{"2006", "01", "02", "15", "04", "05"}

// compileFast prepares text for the fast path; ok is false when text has
// another element (a month name, a zone, a fraction).
func compileFast(text string) fastLayout {
	f := fastLayout{text: text, pos: [6]int8{-1, -1, -1, -1, -1, -1}}
	if len(text) > 64 {
		return f
	}
	for i := 0; i < len(text); {
		if n := f.field(text, i); n > 0 {
			i += n
			continue
		}
		if !fastSeparator(text[i]) {
			return f
		}
		f.seps[i] = true
		i++
	}
	f.ok = f.pos[0] >= 0 && f.pos[1] >= 0 && f.pos[2] >= 0
	return f
}

// field records the field that starts text[i:], returning its length.
func (f *fastLayout) field(text string, i int) int {
	for k, name := range fastFields {
		if len(text)-i >= len(name) && text[i:i+len(name)] == name && f.pos[k] < 0 {
			f.pos[k] = int8(i)
			return len(name)
		}
	}
	return 0
}

func fastSeparator(c byte) bool {
	switch c {
	case '-', '/', ':', '.', ' ', 'T':
		return true
	}
	return false
}

// parse reads s in loc; ok is false when s is not exactly in shape.
func (f *fastLayout) parse(s string, loc *time.Location) (time.Time, bool) {
	if !f.ok || len(s) != len(f.text) {
		return time.Time{}, false
	}
	var v [6]int
	for k, p := range f.pos {
		if p >= 0 {
			n, ok := digits(s[p : int(p)+len(fastFields[k])])
			if !ok {
				return time.Time{}, false
			}
			v[k] = n
		}
	}
	if !f.separatorsMatch(s) || !inRange(v) {
		return time.Time{}, false
	}
	return time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], 0, loc), true
}

func (f *fastLayout) separatorsMatch(s string) bool {
	for i := 0; i < len(s); i++ {
		if f.seps[i] && s[i] != f.text[i] {
			return false
		}
	}
	return true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// inRange checks month, day (for the month and year), hour, minute and
// second as time.Parse does.
func inRange(v [6]int) bool {
	if v[1] < 1 || v[1] > 12 || v[2] < 1 || v[3] > 23 || v[4] > 59 || v[5] > 59 {
		return false
	}
	return v[2] <= daysIn(time.Month(v[1]), v[0])
}

var daysPerMonth = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func daysIn(m time.Month, year int) int {
	if m == time.February && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		return 29
	}
	return daysPerMonth[m]
}
