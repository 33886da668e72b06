package httpclient

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// retryWait returns how long to wait before the attempt after attempt n,
// which failed with err, or the error to return: err itself when it is
// not retried, wrapped when the attempts or the time are spent or when
// the request is not idempotent and the server may have acted on it.
func (c *Client) retryWait(req Request, n int, start time.Time, err error) (time.Duration, error) {
	retry, hint := c.retryable(err)
	if !retry {
		return 0, err
	}
	r := c.cfg.Retry
	if r.Attempts == 1 {
		return 0, err // retries are off: nothing was given up
	}
	if !idempotent(req) && !refused(err) {
		return 0, fmt.Errorf("%w; not sent again: the server may have acted on it, and a %s is retried only when it was refused (429, 503) or never sent", err, req.Method)
	}
	if n >= r.Attempts {
		return 0, fmt.Errorf("giving up after %s: %w", attempts(n), err)
	}
	wait := hint
	if wait <= 0 {
		wait = c.backoff(n)
	}
	spent := c.now().Sub(start)
	if spent+wait > r.MaxElapsed {
		return 0, fmt.Errorf("giving up after %s in %s: waiting %s for the next would pass retry.max_elapsed (%s): %w",
			attempts(n), spent.Round(time.Millisecond), wait.Round(time.Millisecond), r.MaxElapsed, err)
	}
	attrs := []any{"method", req.Method, "url", c.Redact(req.URL), "attempt", n, "attempts", r.Attempts, "wait", wait.Round(time.Millisecond)}
	var se *StatusError
	if errors.As(err, &se) {
		attrs = append(attrs, "status", se.Status)
	}
	c.log.Warn("HTTP request failed; retrying", append(attrs, "error", err.Error())...)
	return wait, nil
}

// retryable says whether err is worth another attempt, and the server's
// hint of when (0 for none).
func (c *Client) retryable(err error) (bool, time.Duration) {
	var se *StatusError
	if errors.As(err, &se) {
		return slices.Contains(c.cfg.Retry.Statuses, se.Status), se.retryAfter
	}
	var f *failure
	if errors.As(err, &f) {
		return f.retry, f.retryAfter
	}
	return false, 0
}

// idempotent says whether req may be sent again whatever became of the
// last attempt (see Request.Idempotent).
func idempotent(req Request) bool {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodDelete:
		return true
	}
	return req.Idempotent || req.Header.Get("Idempotency-Key") != "" || req.Header.Get("X-Idempotency-Key") != ""
}

// refused says whether the server cannot have acted on the request that
// failed with err: it was never sent, or the server answered 429 Too Many
// Requests or 503 Service Unavailable.
func refused(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status == http.StatusTooManyRequests || se.Status == http.StatusServiceUnavailable
	}
	var f *failure
	return errors.As(err, &f) && !f.sent
}

// backoff is the wait after attempt n: a random duration between Initial
// and the smaller of Max and Initial·2ⁿ ("full jitter" above Initial).
func (c *Client) backoff(n int) time.Duration {
	r := c.cfg.Retry
	ceiling := r.Max
	if n < 30 && r.Initial<<n > 0 && r.Initial<<n < r.Max {
		ceiling = r.Initial << n
	}
	return r.Initial + jitter(ceiling-r.Initial)
}

// jitter returns a random duration in [0, d].
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	v, err := rand.Int(rand.Reader, big.NewInt(int64(d)+1))
	if err != nil {
		return d / 2
	}
	return time.Duration(v.Int64())
}

// retryAfter reads a Retry-After header: seconds or an HTTP date. A value
// that is not above 0, or that cannot be read, is no hint (0).
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		const most = 1 << 32 // seconds; beyond any max_elapsed, without overflow
		return time.Duration(min(max(secs, 0), most)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// sleep waits for d or until ctx ends, whichever is first.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// attempts spells n attempts.
func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return strconv.Itoa(n) + " attempts"
}
