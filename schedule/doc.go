// Package schedule runs pipelines on cron schedules, one run of a
// pipeline at a time, retrying failed runs with a doubling backoff.
//
// A Spec is when a pipeline runs: a cron expression of 5 fields (minute
// hour day-of-month month day-of-week), or 6 with a leading seconds
// field, or a descriptor (@hourly, @daily, @weekly, @monthly, @yearly,
// @every 10m), read in a time zone (UTC unless told). A Retry is how
// often a failed run is tried again. A Scheduler ticks the Jobs and calls
// a RunFunc for each tick.
//
// A tick that comes while the pipeline's previous run (or the backoff
// before its retry) is still going in this process does not start a
// second run: it calls the SkipFunc with the reason. A RunFunc that
// returns an error wrapping ErrBusy (the pipeline's lock is held by
// another run: another process, or a run this process started otherwise)
// is skipped the same way. Across processes the
// pipeline's lock, taken by the RunFunc, is what keeps one run at a time.
//
// Cron parsing and ticking are github.com/go-co-op/gocron/v2's (which
// parses with robfig/cron/v3's parser): a maintained scheduler that
// handles time zones and daylight saving time and shuts down cleanly.
// Its own singleton mode is not used, because it reschedules a busy
// job's tick silently; the Scheduler keeps a busy flag per pipeline
// instead, so every skipped tick is reported.
package schedule
