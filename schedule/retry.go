package schedule

import (
	"fmt"
	"time"
)

// MaxBackoff caps the wait before a retry, however often the backoff has
// doubled.
const MaxBackoff = time.Hour

// Retry is how a failed scheduled run is tried again. The zero Retry (or
// Attempts 1) never retries.
type Retry struct {
	// Attempts counts every try, the first included.
	Attempts int
	// Backoff is the wait before the first retry; each further retry
	// waits twice the previous wait, up to MaxBackoff.
	Backoff time.Duration
}

// Validate says what is wrong with r, on one line.
func (r Retry) Validate() error {
	if r.Attempts < 1 {
		return fmt.Errorf("retry attempts is %d; write 1 or more (the first try counts: 3 means up to 2 retries)", r.Attempts)
	}
	if r.Backoff < 0 {
		return fmt.Errorf("retry backoff %s is negative; write a duration such as 30s or 5m", r.Backoff)
	}
	return nil
}

// Delay is the wait after the failed try number attempt (1 for the
// first): Backoff, doubled for each earlier retry, at most MaxBackoff.
func (r Retry) Delay(attempt int) time.Duration {
	d := r.Backoff
	for i := 1; i < attempt && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}

// tries is how many times a run is tried in all.
func (r Retry) tries() int { return max(r.Attempts, 1) }
