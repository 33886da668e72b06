package value

import "time"

// isoLayouts[sep][seconds][zone]: sep 0 'T', 1 ' '; seconds 0 no, 1 yes;
// zone 0 none, 1 ±hh:mm or Z, 2 ±hhmm, 3 ±hh.
var isoLayouts = func() (t [2][2][4]compiled) {
	for sep, s := range []string{"T", " "} {
		for sec, c := range []string{"15:04", "15:04:05"} {
			for z, zone := range []string{"", "Z07:00", "Z0700", "Z07"} {
				t[sep][sec][z] = compile("2006-01-02" + s + c + zone)
			}
		}
	}
	return t
}()

var isoDate = compile(time.DateOnly)

// ISOLayout returns the Go layout of the ISO 8601 shape s, trimmed, is
// written in (the layout iso8601 reads it with).
func ISOLayout(s string) string { return isoLayout(s).text }

// isoLayout picks the ISO 8601 layout s is written in.
func isoLayout(s string) *compiled {
	if len(s) <= len("2006-01-02") {
		return &isoDate
	}
	sep, sec, end := 0, 0, len("2006-01-02T15:04")
	if s[10] == ' ' {
		sep = 1
	}
	if len(s) > end && s[end] == ':' {
		sec, end = 1, end+3
	}
	if end < len(s) && (s[end] == '.' || s[end] == ',') {
		for end++; end < len(s) && s[end] >= '0' && s[end] <= '9'; end++ {
		}
	}
	return &isoLayouts[sep][sec][isoZone(s[min(end, len(s)):])]
}

// isoZone classifies the offset at the end of an ISO 8601 time.
func isoZone(rest string) int {
	switch {
	case rest == "":
		return 0
	case rest == "Z" || len(rest) == 6:
		return 1
	case len(rest) == 5:
		return 2
	default:
		return 3
	}
}
