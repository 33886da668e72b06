package transform

import (
	"fmt"
	"strings"
	"time"
)

// Names CastConfig.Format accepts besides Go layouts.
const (
	// FormatRFC3339 is RFC 3339 with an offset: 2006-01-02T15:04:05Z07:00,
	// fractional seconds allowed.
	FormatRFC3339 = "rfc3339"
	// FormatISO8601 is the common ISO 8601 shapes: a date alone
	// (2006-01-02), or date, T or a space, hh:mm or hh:mm:ss, optional
	// fractional seconds, optional offset (Z, ±hh:mm, ±hhmm, ±hh).
	FormatISO8601 = "iso8601"
)

// layout is one entry of a cast's formats.
type layout struct {
	text  string // a Go layout; unused when iso
	iso   bool   // pick a layout from the value's shape
	zoned bool   // text reads an offset or a zone name
}

// parseLayouts resolves format names and checks Go layouts.
func parseLayouts(formats []string) ([]layout, error) {
	ls := make([]layout, len(formats))
	for i, f := range formats {
		switch f {
		case FormatRFC3339:
			ls[i] = layout{text: time.RFC3339, zoned: true}
		case FormatISO8601:
			ls[i] = layout{iso: true}
		default:
			if err := checkLayout(f); err != nil {
				return nil, err
			}
			ls[i] = layout{text: f, zoned: hasZone(f)}
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

// output returns the Go layout to write timestamps with.
func (l layout) output() string {
	if l.iso || l.text == time.RFC3339 {
		return time.RFC3339Nano
	}
	return l.text
}

// pick returns the Go layout for s and whether it reads an offset.
func (l layout) pick(s string) (string, bool) {
	if !l.iso {
		return l.text, l.zoned
	}
	return isoLayout(s)
}

// isoLayouts[sep][seconds][zone]: sep 0 'T', 1 ' '; seconds 0 no, 1 yes;
// zone 0 none, 1 ±hh:mm or Z, 2 ±hhmm, 3 ±hh.
var isoLayouts = func() (t [2][2][4]string) {
	for sep, s := range []string{"T", " "} {
		for sec, c := range []string{"15:04", "15:04:05"} {
			for z, zone := range []string{"", "Z07:00", "Z0700", "Z07"} {
				t[sep][sec][z] = "2006-01-02" + s + c + zone
			}
		}
	}
	return t
}()

// isoLayout picks the ISO 8601 layout s is written in.
func isoLayout(s string) (string, bool) {
	if len(s) <= len("2006-01-02") {
		return time.DateOnly, false
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
	z := isoZone(s[min(end, len(s)):])
	return isoLayouts[sep][sec][z], z > 0
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
