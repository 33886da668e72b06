package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // zone names resolve even where the system has no zoneinfo

	"github.com/go-co-op/gocron/v2"
)

// Spec is when a pipeline runs: a cron expression read in a time zone.
// The zero Spec never fires.
type Spec struct {
	// Cron is the expression as written: 5 fields, 6 with a leading
	// seconds field, or a descriptor (@hourly, @every 10m …).
	Cron string
	// Location is the time zone the expression is read in.
	Location *time.Location
	cron     gocron.Cron
}

// Parse returns the Spec of a cron expression read in the named time
// zone (an IANA name such as Europe/Paris; UTC when empty). Its error is
// one line saying what is wrong and what a valid expression looks like.
func Parse(expr, timeZone string) (Spec, error) {
	expr = strings.TrimSpace(expr)
	if expr == "" {
		return Spec{}, fmt.Errorf(`empty cron expression; write 5 fields such as "*/15 * * * *", or a descriptor such as "@hourly"`)
	}
	if strings.HasPrefix(expr, "TZ=") || strings.HasPrefix(expr, "CRON_TZ=") {
		return Spec{}, fmt.Errorf("cron expression %q names its time zone; write the zone in time_zone instead", expr)
	}
	loc := time.UTC
	if timeZone != "" {
		var err error
		if loc, err = time.LoadLocation(timeZone); err != nil || timeZone == "Local" {
			return Spec{}, fmt.Errorf("unknown time zone %q; write an IANA zone name such as UTC or Europe/Paris", timeZone)
		}
	}
	c := gocron.NewDefaultCron(true)
	if err := c.IsValid(expr, loc, time.Now()); err != nil {
		return Spec{}, cronError(expr, err)
	}
	return Spec{Cron: expr, Location: loc, cron: c}, nil
}

// cronError is the parser's complaint about expr on one line.
func cronError(expr string, err error) error {
	if errors.Is(err, gocron.ErrCronJobInvalid) {
		return fmt.Errorf("cron expression %q never fires; check its day and month fields", expr)
	}
	msg := err.Error()
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) && len(joined.Unwrap()) > 1 {
		msg = joined.Unwrap()[1].Error() // the parser's own words, not gocron's prefix
	}
	msg = strings.ReplaceAll(msg, "\n", "; ")
	return fmt.Errorf(`bad cron expression %q (%s); write 5 fields (minute hour day month weekday) such as "*/15 * * * *", 6 with seconds first, or a descriptor such as "@hourly" or "@every 10m"`, expr, msg)
}

// Next returns the first time the Spec fires later than after, in its
// time zone; the zero time for the zero Spec. When after is a run's time
// it is the run the Scheduler makes next: a wall-clock time that comes
// twice when the clocks go back runs once; one that never comes when
// they go forward does not run that day.
func (s Spec) Next(after time.Time) time.Time {
	if s.cron == nil {
		return time.Time{}
	}
	after = after.In(s.Location)
	next := s.cron.Next(after).In(s.Location)
	if !next.IsZero() && sameWallClock(after, next) {
		// The clocks went back: after's wall-clock time comes again, and
		// gocron runs it once (see its cronJob.next): the next run is
		// the one after.
		next = s.cron.Next(next).In(s.Location)
	}
	return next
}

// sameWallClock reports whether a and b read the same on a wall clock.
func sameWallClock(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd && a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second()
}

// String is the expression and, unless UTC, its time zone.
func (s Spec) String() string {
	if s.Location == nil || s.Location == time.UTC {
		return s.Cron
	}
	return s.Cron + " (" + s.Location.String() + ")"
}

// crontab is the expression with its zone, as gocron reads it.
func (s Spec) crontab() string { return "CRON_TZ=" + s.Location.String() + " " + s.Cron }
