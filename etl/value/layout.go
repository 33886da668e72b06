package value

import (
	"fmt"
	"strings"
	"time"
)

// Names a format may be besides a Go layout.
const (
	// FormatRFC3339 is RFC 3339 with an offset: 2006-01-02T15:04:05Z07:00,
	// fractional seconds allowed.
	FormatRFC3339 = "rfc3339"
	// FormatISO8601 is the common ISO 8601 shapes: a date alone
	// (2006-01-02), or date, T or a space, hh:mm or hh:mm:ss, optional
	// fractional seconds, optional offset (Z, ±hh:mm, ±hhmm, ±hh).
	FormatISO8601 = "iso8601"
)

// layout is one entry of the formats: a Go layout, or iso8601, which
// picks a Go layout from the shape of each value.
type layout struct {
	fixed compiled
	iso   bool
}

// compiled is a Go layout ready for parsing.
type compiled struct {
	text  string
	zoned bool // text reads an offset or a zone name
	fast  fastLayout
}

func compile(text string) compiled {
	return compiled{text: text, zoned: hasZone(text), fast: compileFast(text)}
}

// parse reads s in loc (used when s has no offset).
func (c *compiled) parse(s string, loc *time.Location) (time.Time, error) {
	if t, ok := c.fast.parse(s, loc); ok {
		return t, nil
	}
	return time.ParseInLocation(c.text, s, loc)
}

// parseLayouts resolves format names and checks Go layouts.
func parseLayouts(formats []string) ([]layout, error) {
	ls := make([]layout, len(formats))
	for i, f := range formats {
		switch f {
		case FormatRFC3339:
			ls[i] = layout{fixed: compile(time.RFC3339)}
		case FormatISO8601:
			ls[i] = layout{iso: true}
		default:
			if err := checkLayout(f); err != nil {
				return nil, err
			}
			ls[i] = layout{fixed: compile(f)}
		}
	}
	return ls, nil
}

// checkLayout rejects formats that are not Go layouts, such as YYYY-MM-DD.
func checkLayout(f string) error {
	ref := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	if f == "" || ref.Format(f) == f || !strings.Contains(f, "06") {
		return fmt.Errorf("format %q is not a Go layout with a year; write the reference time "+
			"Mon Jan 2 15:04:05 MST 2006 in the shape of the data, e.g. 2006-01-02 15:04:05, "+
			"or use rfc3339 or iso8601", f)
	}
	return nil
}

func hasZone(f string) bool {
	return strings.Contains(f, "Z07") || strings.Contains(f, "-07") || strings.Contains(f, "MST")
}

// OutputLayout returns the Go layout that writes timestamps in format (a
// Go layout or a name): RFC 3339 with fractional seconds for the names.
func OutputLayout(format string) (string, error) {
	ls, err := parseLayouts([]string{format})
	if err != nil {
		return "", err
	}
	return ls[0].output(), nil
}

// output returns the Go layout to write timestamps with.
func (l *layout) output() string {
	if l.iso || l.fixed.text == time.RFC3339 {
		return time.RFC3339Nano
	}
	return l.fixed.text
}

// pick returns the Go layout to read s with.
func (l *layout) pick(s string) *compiled {
	if !l.iso {
		return &l.fixed
	}
	return isoLayout(s)
}

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
