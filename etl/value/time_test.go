package value

import (
	"strings"
	"testing"
	"time"
)

func utc(y int, m time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

func mustNew(t *testing.T, formats []string, zone string, date bool) *Times {
	t.Helper()
	r, err := NewTimes(formats, zone, date)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestTimes(t *testing.T) {
	berlin := mustNew(t, nil, "Europe/Berlin", false)
	ny := mustNew(t, []string{"2006-01-02 15:04"}, "America/New_York", false)
	dates := mustNew(t, []string{"02/01/2006", "2006-01-02"}, "America/New_York", true)
	cases := []struct {
		r      *Times
		in     string
		want   time.Time
		reason string
		class  error
	}{
		{ISO8601, "2024-03-01T12:30:00Z", utc(2024, 3, 1, 12, 30, 0), "", nil},
		{ISO8601, " 2024-03-01 12:30:00 ", utc(2024, 3, 1, 12, 30, 0), "", nil},
		{ISO8601, "2024-03-01T12:30", utc(2024, 3, 1, 12, 30, 0), "", nil},
		{ISO8601, "2024-03-01", utc(2024, 3, 1, 0, 0, 0), "", nil},
		{ISO8601, "2024-03-01T12:30:00.25+01:00", utc(2024, 3, 1, 11, 30, 0).Add(250 * time.Millisecond), "", nil},
		{ISO8601, "2024-03-01T12:30:00,5-0130", utc(2024, 3, 1, 14, 0, 0).Add(500 * time.Millisecond), "", nil},
		{ISO8601, "2024-03-01T12:30+02", utc(2024, 3, 1, 10, 30, 0), "", nil},
		{berlin, "2024-07-01 10:00:00", utc(2024, 7, 1, 8, 0, 0), "", nil},
		{berlin, "2024-07-01T10:00:00Z", utc(2024, 7, 1, 10, 0, 0), "", nil},
		{ny, "2024-03-10 02:30", time.Time{}, `"2024-03-10 02:30" does not exist (clocks skip it) in America/New_York; give an offset`, ErrRange},
		{ny, "2024-11-03 01:30", time.Time{}, `"2024-11-03 01:30" is ambiguous (it happens twice when clocks go back) in America/New_York`, ErrRange},
		{dates, "29/02/2024", utc(2024, 2, 29, 0, 0, 0), "", nil},
		{dates, "2024-03-10", utc(2024, 3, 10, 0, 0, 0), "", nil},
		{dates, "2024/03/10", time.Time{}, `"2024/03/10" is not a valid date (formats: 02/01/2006, 2006-01-02)`, ErrSyntax},
		{ISO8601, "2024-02-30", time.Time{}, `"2024-02-30" is not a valid timestamp (formats: iso8601)`, ErrSyntax},
		{ISO8601, "01/03/2024", time.Time{}, `"01/03/2024" is not a valid timestamp`, ErrSyntax},
		{ISO8601, "0000-06-01T00:00:00Z", time.Time{}, "0000-06-01T00:00:00Z is outside the years 1 to 9999 (UTC) the warehouse stores", ErrRange},
		{ISO8601, "0001-01-01T00:00:00+01:00", time.Time{}, "0000-12-31T23:00:00Z is outside the years 1 to 9999", ErrRange},
		{ISO8601, "9999-12-31T23:59:59.999999999Z", utc(9999, 12, 31, 23, 59, 59).Add(999999999), "", nil},
	}
	for _, tc := range cases {
		got, err := tc.r.Parse(tc.in)
		refusal(t, tc.in, err, tc.reason, tc.class)
		if tc.reason == "" && (!got.Equal(tc.want) || got.Location() != time.UTC) {
			t.Errorf("Parse(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestFitTime(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	in := time.Date(2024, 7, 1, 10, 0, 0, 0, berlin)
	got, changed, err := FitTime(in)
	if err != nil || !changed || !got.Equal(in) || got.Location() != time.UTC {
		t.Fatalf("FitTime(%v) = %v %v %v", in, got, changed, err)
	}
	if _, changed, _ := FitTime(got); changed {
		t.Fatal("a UTC time was changed")
	}
	_, _, err = FitTime(utc(10000, 1, 1, 0, 0, 0))
	refusal(t, "10000", err, "10000-01-01T00:00:00Z is outside the years 1 to 9999", ErrRange)
	d, _, err := mustNew(t, nil, "America/New_York", true).Fit(utc(2024, 3, 11, 2, 0, 0))
	if err != nil || !d.Equal(utc(2024, 3, 10, 0, 0, 0)) {
		t.Fatalf("date of 2024-03-11T02:00Z in New York = %v %v", d, err)
	}
}

func TestNewTimesErrors(t *testing.T) {
	cases := []struct {
		formats []string
		zone    string
		want    string
	}{
		{[]string{"YYYY-MM-DD"}, "", `format "YYYY-MM-DD" is not a Go layout`},
		{[]string{"15:04"}, "", "not a Go layout with a year"},
		{nil, "Mars/Olympus", `timezone "Mars/Olympus" is not an IANA zone name`},
	}
	for _, tc := range cases {
		if _, err := NewTimes(tc.formats, tc.zone, false); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewTimes(%q, %q) = %v, want %q", tc.formats, tc.zone, err, tc.want)
		}
	}
}

func TestOutputLayout(t *testing.T) {
	for format, want := range map[string]string{"iso8601": time.RFC3339Nano, "rfc3339": time.RFC3339Nano, "2006-01-02": "2006-01-02"} {
		if got, err := OutputLayout(format); err != nil || got != want {
			t.Errorf("OutputLayout(%q) = %q %v, want %q", format, got, err, want)
		}
	}
}
