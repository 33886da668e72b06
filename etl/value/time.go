package value

import (
	"fmt"
	"strings"
	"time"
)

// Times reads text as timestamps (or dates) in the formats, tried in
// order, and stores them in UTC.
type Times struct {
	layouts []layout
	loc     *time.Location
	date    bool
	formats string // for reasons
}

// ISO8601 is how a timestamp column reads text, and a cast to timestamp
// without a format or a zone: the iso8601 shapes, UTC unless the text has
// an offset.
var ISO8601 = mustTimes(NewTimes(nil, "", false))

func mustTimes(t *Times, err error) *Times {
	if err != nil {
		panic(err)
	}
	return t
}

// NewTimes returns the reader for formats (Go layouts or the names
// rfc3339 and iso8601; none is iso8601) of text without an offset in
// zone (an IANA name; "" is UTC). A date reader keeps the calendar date
// in zone, at midnight UTC.
func NewTimes(formats []string, zone string, date bool) (*Times, error) {
	if len(formats) == 0 {
		formats = []string{FormatISO8601}
	}
	layouts, err := parseLayouts(formats)
	if err != nil {
		return nil, err
	}
	loc, err := LoadZone(zone)
	if err != nil {
		return nil, err
	}
	return &Times{layouts: layouts, loc: loc, date: date, formats: strings.Join(formats, ", ")}, nil
}

// LoadZone loads an IANA zone; "" is UTC.
func LoadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("timezone %q is not an IANA zone name (such as Europe/Berlin): %w", name, err)
	}
	return loc, nil
}

// Parse reads s, trimmed, with the first format that fits. A local time
// that a change of offset makes ambiguous or skips is refused.
func (r *Times) Parse(s string) (time.Time, error) {
	t := trim(s)
	for k := range r.layouts {
		l := r.layouts[k].pick(t)
		v, err := l.parse(t, r.loc)
		if err != nil {
			continue
		}
		if !r.date && !l.zoned && r.loc != time.UTC {
			if why := wallProblem(v, l.text, t); why != "" {
				return time.Time{}, rangef("%s %s in %s; give an offset", quote(s), why, r.loc)
			}
		}
		out, _, err := r.Fit(v)
		return out, err
	}
	return time.Time{}, syntaxf("%s is not a valid %s (formats: %s)", quote(s), r.kind(), r.formats)
}

// Fit returns t in UTC (a date: midnight UTC of its calendar date in the
// zone) and refuses it outside the years 1 to 9999; changed is false
// when t is returned as it came.
func (r *Times) Fit(t time.Time) (fitted time.Time, changed bool, err error) {
	if r.date {
		d, _, err := FitTime(DateOf(t, r.loc))
		return d, true, err
	}
	return FitTime(t)
}

func (r *Times) kind() string {
	if r.date {
		return "date"
	}
	return "timestamp"
}

// Timestamps are stored for the years 1 to 9999 (UTC) only: PostgreSQL
// holds 4713 BC to 294276 AD, SQLite keeps text that sorts by time only
// with four-digit years.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	endTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

// FitTime refuses t outside the years 1 to 9999 (UTC) and returns it in
// UTC; changed is false when t already was.
func FitTime(t time.Time) (fitted time.Time, changed bool, err error) {
	if s := t.Unix(); s < minTime || s >= endTime {
		return t, false, outsideYears(t)
	}
	if t.Location() == time.UTC {
		return t, false, nil
	}
	return t.UTC(), true, nil
}

func outsideYears(t time.Time) error {
	return rangef("%s is outside the years 1 to 9999 (UTC) the warehouse stores", t.UTC().Format(time.RFC3339Nano))
}

// DateOf returns midnight UTC of t's calendar date in loc.
func DateOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
