package httpclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Do sends req and reads the response body. A status that is not 2xx is a
// *StatusError; the error of a request that could not be sent names the
// method and the redacted URL. ctx bounds everything.
//
// Redirects are followed, at most 10, on the same host only and never
// from https to http, where credentials would follow them: any other
// redirect fails the request with an error naming where it led.
//
// Network errors, timeouts of one attempt and the statuses of
// Config.Retry are retried with backoff (or after the server's
// Retry-After) until Retry.Attempts or Retry.MaxElapsed run out; the
// error then says so and wraps the last failure. A request that is not
// idempotent (a POST, PUT or PATCH without Request.Idempotent) is sent
// again only when the server cannot have acted on it: no connection was
// made, or it answered 429 or 503; otherwise the error says it was not
// sent again.
//
// With OAuth2, a 401 drops the token the request was sent with (unless
// another request has replaced it already) and the request is sent once
// more with a new one. When ctx ends first, the error wraps ctx.Err().
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	if u, err := url.Parse(req.URL); err == nil {
		if pw, ok := u.User.Password(); ok {
			// Also where the URL is not, as in a server's echo.
			c.redact.add(pw, basicCredentials(u.User.Username(), pw))
		}
	}
	start, refreshed := c.now(), false
	for n := 1; ; n++ {
		if err := c.waitRate(ctx, req); err != nil {
			return nil, err
		}
		resp, tok, err := c.attempt(ctx, req)
		switch {
		case err == nil:
			return resp, nil
		case ctx.Err() != nil:
			return nil, c.stopped(ctx, req)
		case c.tokens != nil && !refreshed && isStatus(err, http.StatusUnauthorized):
			refreshed = true
			c.tokens.drop(ctx, tok)
			c.log.Info("the API refused the OAuth2 token; getting a new one", "method", req.Method, "url", c.Redact(req.URL))
			n-- // the refresh is not a retry
			continue
		}
		wait, stop := c.retryWait(req, n, start, err)
		if stop != nil {
			return nil, stop
		}
		if c.sleep(ctx, wait) != nil {
			return nil, fmt.Errorf("%w while waiting to retry after: %s", c.stopped(ctx, req), err)
		}
	}
}

// waitRate waits for the rate limiter, if any.
func (c *Client) waitRate(ctx context.Context, req Request) error {
	if c.limiter == nil {
		return nil
	}
	if err := c.limiter.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return c.stopped(ctx, req)
		}
		return fmt.Errorf("%s %s: at the rate limit of %g requests per second the request would start after the context's deadline: %w",
			req.Method, c.Redact(req.URL), c.cfg.RateLimit, context.DeadlineExceeded)
	}
	return nil
}

// stopped is the error of a request whose context ended.
func (c *Client) stopped(ctx context.Context, req Request) error {
	return fmt.Errorf("%s %s: %w", req.Method, c.Redact(req.URL), ctx.Err())
}

// isStatus reports whether err is a *StatusError with the status.
func isStatus(err error, status int) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Status == status
}
