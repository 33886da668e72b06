package transform

import (
	"testing"
	"time"
)

// TestCastLayoutsOfTheStrftimeTable: each Go layout docs/pipelines.md
// gives for a strftime directive reads text written that way.
func TestCastLayoutsOfTheStrftimeTable(t *testing.T) {
	ts := func(format string) CastConfig { return CastConfig{To: KindTimestamp, Format: format} }
	at := utc(2024, 3, 5, 14, 7, 9)
	runCastCases(t, []castCase{
		{"%Y-%m-%d %H:%M:%S", ts("2006-01-02 15:04:05"), "2024-03-05 14:07:09", at, ""},
		{"%d/%m/%y", ts("02/01/06"), "05/03/24", utc(2024, 3, 5, 0, 0, 0), ""},
		{"%m/%d/%Y one-digit fields", ts("1/2/2006"), "3/5/2024", utc(2024, 3, 5, 0, 0, 0), ""},
		{"%e %b %Y", ts("_2 Jan 2006"), " 5 Mar 2024", utc(2024, 3, 5, 0, 0, 0), ""},
		{"%Y %j", ts("2006 002"), "2024 065", utc(2024, 3, 5, 0, 0, 0), ""},
		{"%A, %B %d, %Y", ts("Monday, January 02, 2006"), "Tuesday, March 05, 2024", utc(2024, 3, 5, 0, 0, 0), ""},
		{"%a %d %b %Y %I:%M %p", ts("Mon 02 Jan 2006 03:04 PM"), "Tue 05 Mar 2024 02:07 PM", utc(2024, 3, 5, 14, 7, 0), ""},
		{"%Y-%m-%dT%H:%M:%S.%f%z", ts("2006-01-02T15:04:05.000000-0700"), "2024-03-05T16:07:09.250000+0200", at.Add(250 * time.Millisecond), ""},
		{"fraction without %f", ts("2006-01-02 15:04:05"), "2024-03-05 14:07:09.5", at.Add(500 * time.Millisecond), ""},
		{"Z07:00 reads Z", ts("2006-01-02T15:04:05Z07:00"), "2024-03-05T14:07:09Z", at, ""},
		{"%Z GMT", ts("Mon, 02 Jan 2006 15:04:05 MST"), "Tue, 05 Mar 2024 14:07:09 GMT", at, ""},
		{"no format reads ISO 8601", CastConfig{To: KindTimestamp}, "2024-03-05 14:07:09.000Z", at, ""},
	})
	for _, f := range []string{"%Y-%m-%d", "YYYY-MM-DD"} {
		if _, err := NewCast(CastConfig{Column: "x", To: KindTimestamp, Format: f}); err == nil {
			t.Errorf("format %q was accepted", f)
		}
	}
}
