package transform

import (
	"fmt"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/etl"
)

// toTime converts text to a timestamp (UTC) or a date (midnight UTC of the
// calendar date in the zone), and normalises time values the same way.
type toTime struct {
	column  string
	date    bool
	layouts []layout
	loc     *time.Location
	formats string // for reject reasons
}

func newToTime(cfg CastConfig) (converter, error) {
	formats := cfg.Formats
	if cfg.Format != "" {
		if len(formats) > 0 {
			return nil, fmt.Errorf("set format or formats, not both")
		}
		formats = []string{cfg.Format}
	}
	if len(formats) == 0 {
		formats = []string{FormatISO8601}
	}
	layouts, err := parseLayouts(formats)
	if err != nil {
		return nil, err
	}
	loc, err := loadZone(cfg.Timezone)
	if err != nil {
		return nil, err
	}
	return &toTime{column: cfg.Column, date: cfg.To == KindDate, layouts: layouts, loc: loc,
		formats: strings.Join(formats, ", ")}, nil
}

// loadZone loads an IANA zone; "" is UTC.
func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("timezone %q is not an IANA zone name (such as Europe/Berlin): %v", name, err)
	}
	return loc, nil
}

func (c *toTime) convert(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return c.parse(x)
	case time.Time:
		if c.date {
			return dateOf(x, c.loc), nil
		}
		if x.Location() == time.UTC {
			return v, nil
		}
		return x.UTC(), nil
	}
	return nil, cannotCast(c.column, v, c.kind())
}

func (c *toTime) kind() string {
	if c.date {
		return KindDate
	}
	return KindTimestamp
}

// parse tries the layouts in order.
func (c *toTime) parse(s string) (any, error) {
	t := trimmed(s)
	for k := range c.layouts {
		l := c.layouts[k].pick(t)
		v, err := l.parse(t, c.loc)
		if err != nil {
			continue
		}
		if c.date {
			return dateOf(v, c.loc), nil
		}
		if !l.zoned && c.loc != time.UTC {
			if why := wallProblem(v, l.text, t); why != "" {
				return nil, etl.Rejectf("column %s: %q %s in %s; give an offset", c.column, s, why, c.loc)
			}
		}
		return v.UTC(), nil
	}
	return nil, etl.Rejectf("column %s: %q is not a valid %s (formats: %s)", c.column, s, c.kind(), c.formats)
}

// dateOf returns midnight UTC of t's calendar date in loc.
func dateOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

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
