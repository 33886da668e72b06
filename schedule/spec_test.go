package schedule_test

import (
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/schedule"
)

func TestParse(t *testing.T) {
	cases := []struct {
		expr, zone string
		want       string // the error's part; empty: valid
	}{
		{expr: "*/15 * * * *"},
		{expr: "0 6 * * 1-5", zone: "Europe/Paris"},
		{expr: "*/1 * * * * *"},
		{expr: "@hourly"},
		{expr: "@daily", zone: "America/New_York"},
		{expr: "@every 10m"},
		{expr: "", want: "empty cron expression"},
		{expr: "*/15 * *", want: `bad cron expression "*/15 * *" (expected 5 to 6 fields, found 3`},
		{expr: "61 * * * *", want: "end of range (61) above maximum (59)"},
		{expr: "@fortnightly", want: "unrecognized descriptor"},
		{expr: "@every soon", want: `bad cron expression "@every soon"`},
		{expr: "0 0 30 2 *", want: "never fires"},
		{expr: "CRON_TZ=Europe/Paris 0 6 * * *", want: "write the zone in time_zone instead"},
		{expr: "0 6 * * *", zone: "Mars/Olympus", want: `unknown time zone "Mars/Olympus"; write an IANA zone name`},
		{expr: "0 6 * * *", zone: "Local", want: `unknown time zone "Local"`},
	}
	for _, c := range cases {
		t.Run(c.expr+"@"+c.zone, func(t *testing.T) {
			s, err := schedule.Parse(c.expr, c.zone)
			if c.want == "" {
				if err != nil || s.Next(time.Now()).IsZero() {
					t.Fatalf("Parse(%q, %q) = %v, %v", c.expr, c.zone, s, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("Parse(%q, %q) error = %v; want one line with %q", c.expr, c.zone, err, c.want)
			}
		})
	}
}

// A daily cron in Europe/Paris fires at the same wall-clock time on both
// sides of each daylight saving change: 23 hours apart in March, 25 in
// October.
func TestNextAcrossDaylightSaving(t *testing.T) {
	s, paris := inParis(t, "0 6 * * *")
	cases := []struct {
		after, want time.Time
	}{
		{time.Date(2026, 3, 28, 6, 0, 0, 0, paris), time.Date(2026, 3, 29, 4, 0, 0, 0, time.UTC)},
		{time.Date(2026, 3, 29, 3, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 4, 0, 0, 0, time.UTC)},
		{time.Date(2026, 10, 24, 6, 0, 0, 0, paris), time.Date(2026, 10, 25, 5, 0, 0, 0, time.UTC)},
		{time.Date(2026, 10, 25, 4, 59, 0, 0, time.UTC), time.Date(2026, 10, 25, 5, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		got := s.Next(c.after)
		if !got.Equal(c.want) || got.Location().String() != "Europe/Paris" || got.Hour() != 6 {
			t.Errorf("Next(%s) = %s; want %s (06:00 in Paris)", c.after, got, c.want.In(paris))
		}
	}
	if d := s.Next(cases[0].after).Sub(cases[0].after); d != 23*time.Hour {
		t.Errorf("spring: %s between the runs; want 23h", d)
	}
	if d := s.Next(cases[2].after).Sub(cases[2].after); d != 25*time.Hour {
		t.Errorf("autumn: %s between the runs; want 25h", d)
	}
}

// Around the changes, a 02:30 daily run does not happen on the day 02:30
// does not exist, and happens once on the day it comes twice.
func TestNextInTheDaylightSavingGapAndOverlap(t *testing.T) {
	s, paris := inParis(t, "30 2 * * *")
	for _, c := range []struct{ after, want time.Time }{
		{time.Date(2026, 3, 28, 2, 30, 0, 0, paris), time.Date(2026, 3, 30, 0, 30, 0, 0, time.UTC)},
		{time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), time.Date(2026, 10, 26, 1, 30, 0, 0, time.UTC)},
	} {
		if got := s.Next(c.after); !got.Equal(c.want) {
			t.Errorf("Next(%s) = %s; want %s", c.after, got, c.want.In(paris))
		}
	}
}

func TestNextInUTCByDefault(t *testing.T) {
	s, err := schedule.Parse("@daily", "")
	if err != nil {
		t.Fatal(err)
	}
	after := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	if got := s.Next(after); !got.Equal(time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)) || s.String() != "@daily" {
		t.Fatalf("Next = %s, String = %q", got, s.String())
	}
	if got := (schedule.Spec{}).Next(after); !got.IsZero() {
		t.Fatalf("zero Spec Next = %s; want the zero time", got)
	}
}

func TestRetry(t *testing.T) {
	r := schedule.Retry{Attempts: 5, Backoff: 30 * time.Second}
	for attempt, want := range map[int]time.Duration{1: 30 * time.Second, 2: time.Minute, 3: 2 * time.Minute, 4: 4 * time.Minute} {
		if got := r.Delay(attempt); got != want {
			t.Errorf("Delay(%d) = %s; want %s", attempt, got, want)
		}
	}
	if got := (schedule.Retry{Attempts: 50, Backoff: 45 * time.Minute}).Delay(40); got != schedule.MaxBackoff {
		t.Errorf("Delay(40) = %s; want MaxBackoff", got)
	}
	for _, c := range []struct {
		r    schedule.Retry
		want string
	}{
		{schedule.Retry{Attempts: 0}, "retry attempts is 0; write 1 or more"},
		{schedule.Retry{Attempts: 2, Backoff: -time.Second}, "retry backoff -1s is negative"},
		{schedule.Retry{Attempts: 1}, ""},
	} {
		err := c.r.Validate()
		if (c.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate(%+v) = %v; want %q", c.r, err, c.want)
		}
	}
}

// inParis parses expr in Europe/Paris and returns it with the zone.
func inParis(t *testing.T, expr string) (schedule.Spec, *time.Location) {
	t.Helper()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	s, err := schedule.Parse(expr, "Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return s, paris
}
