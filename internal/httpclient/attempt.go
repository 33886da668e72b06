package httpclient

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"

	"golang.org/x/oauth2"
)

// attempt sends req once, within the client's Timeout, and reads the
// response body. A status that is not 2xx is a *StatusError; a request
// that got no (complete) response is a *failure, which says whether the
// request may have reached the server.
// The token is the OAuth2 access token sent, nil for none.
func (c *Client) attempt(ctx context.Context, req Request) (*Response, *oauth2.Token, error) {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(actx, req.Method, req.URL, bytes.NewReader(req.Body))
	if err != nil {
		return nil, nil, &failure{msg: c.Redact(fmt.Sprintf("%s %s: %v", req.Method, req.URL, err))}
	}
	for k, vs := range req.Header {
		hr.Header[k] = vs
	}
	hr.Header.Set("User-Agent", c.cfg.UserAgent)
	tok, err := c.authorize(actx, hr)
	if err != nil {
		return nil, nil, err
	}
	var connected atomic.Bool // from then on, the server may have the request
	hr = hr.WithContext(httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
	}))
	resp, err := c.http.Do(hr)
	if err != nil {
		return nil, tok, c.sendFailure(req, "", err, connected.Load())
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBody+1))
	if err != nil {
		return nil, tok, c.sendFailure(req, "reading the response: ", err, true)
	}
	if int64(len(body)) > c.cfg.MaxBody {
		return nil, tok, fmt.Errorf("%s %s: %w: more than %d bytes; raise max_body if the pages are that large", req.Method, c.Redact(req.URL), ErrTooLarge, c.cfg.MaxBody)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, tok, &StatusError{
			Method: req.Method, URL: c.Redact(req.URL), Status: resp.StatusCode, Body: c.redact.snippet(body),
			retryAfter: retryAfter(resp.Header, c.now()),
		}
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: body, URL: resp.Request.URL.String()}, tok, nil
}

// authorize adds the credentials to r: the static ones, or an OAuth2
// access token (fetched when none is cached), which it returns.
func (c *Client) authorize(ctx context.Context, r *http.Request) (*oauth2.Token, error) {
	a := c.cfg.Auth
	switch {
	case c.tokens != nil:
		tok, err := c.tokens.get(ctx)
		if err != nil {
			return nil, c.tokenFailure(err)
		}
		tok.SetAuthHeader(r)
		return tok, nil
	case a.Bearer != "":
		r.Header.Set("Authorization", "Bearer "+a.Bearer)
	case a.Basic != nil:
		r.SetBasicAuth(a.Basic.User, a.Basic.Password)
	case a.APIKey != nil && a.APIKey.In == "query":
		q := r.URL.Query()
		q.Set(a.APIKey.Name, a.APIKey.Value)
		r.URL.RawQuery = q.Encode()
	case a.APIKey != nil:
		r.Header.Set(a.APIKey.Name, a.APIKey.Value)
	}
	return nil, nil
}
