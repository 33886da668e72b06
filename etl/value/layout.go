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
