package infer

import (
	"strings"
	"time"

	"github.com/warehouse-loader/loader/etl/value"
)

// timeLayout is a date or timestamp layout the sampler tries, with the
// reader a cast with that format uses, so a layout is chosen only when the
// cast reads every value.
type timeLayout struct {
	layout string // "" is ISO 8601 (a cast without format)
	date   bool   // no time of day: a cast to date
	reader *value.Times
}

// Date parts and time parts of the layouts, most likely first: a sample
// that fits several (01/02/2006 and 02/01/2006) takes the first. Layouts
// with 1 and 2 read one- or two-digit fields, so they come after the
// zero-padded ones that read only two.
var (
	dateParts = []string{
		"01/02/2006", "02/01/2006", "1/2/2006", "2/1/2006", "2006/01/02", "2006/1/2",
		"Jan 2 2006", "Jan 2, 2006", "January 2, 2006", "January 2 2006",
		"2 Jan 2006", "2 January 2006", "02-Jan-2006", "2-Jan-2006", "01-02-2006", "02.01.2006",
		"Mon, Jan 2, 2006", "Monday, January 2, 2006",
	}
	clockParts = []string{" 15:04:05", " 15:04", " 3:04:05 PM", " 3:04 PM"}
	// fullLayouts are whole timestamp layouts (RFC 1123, ANSI C).
	fullLayouts = []string{
		"Mon, 02 Jan 2006 15:04:05 -0700", "Mon, 02 Jan 2006 15:04:05 MST",
		"Mon Jan _2 15:04:05 2006", "Mon Jan _2 15:04:05 MST 2006", "2006/01/02 15:04:05",
	}
)

// timeLayouts are every layout tried, ISO 8601 first.
var timeLayouts = buildLayouts()

func buildLayouts() []*timeLayout {
	ls := make([]*timeLayout, 0, 1+len(dateParts)*(1+len(clockParts))+len(fullLayouts))
	ls = append(ls, &timeLayout{reader: value.ISO8601}) // layout "": ISO 8601
	for _, d := range dateParts {
		ls = append(ls, newLayout(d, true))
	}
	for _, d := range dateParts {
		for _, c := range clockParts {
			ls = append(ls, newLayout(d+c, false))
		}
	}
	for _, f := range fullLayouts {
		ls = append(ls, newLayout(f, false))
	}
	return ls
}

func newLayout(layout string, date bool) *timeLayout {
	r, err := value.NewTimes([]string{layout}, "", date)
	if err != nil {
		panic("infer: layout " + layout + ": " + err.Error())
	}
	return &timeLayout{layout: layout, date: date, reader: r}
}

// reads tells whether the cast with the layout reads s. A zone
// abbreviation is taken only when it is UTC or GMT: Go reads one it does
// not know (EST, CET) as offset 0, which would shift the instant.
func (l *timeLayout) reads(s string) bool {
	if _, err := l.reader.Parse(s); err != nil {
		return false
	}
	if !strings.Contains(l.layout, "MST") {
		return true
	}
	t, err := time.Parse(l.layout, strings.TrimSpace(s))
	zone, _ := t.Zone()
	return err == nil && (zone == "UTC" || zone == "GMT")
}

// couldBeTime filters out values no layout reads, cheaply: every layout
// has a digit and is at most 40 bytes long.
func couldBeTime(s string) bool {
	if len(s) < 6 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// isoTime tells whether s, which the ISO 8601 reader reads, has a time of
// day (more than a date).
func isoTime(s string) bool { return len(s) > len("2006-01-02") }
