package httpclient

import (
	"bytes"
	"errors"
	"io"
	"net/http"
)

// answer is the token endpoint's last response as x/oauth2 read it. Its
// errors for a 2xx answer that holds no token ("cannot parse json:
// invalid character '<'") show neither the body nor its type, and hide
// why reading it failed; the answer keeps both.
type answer struct {
	status      int
	contentType string
	body        bytes.Buffer // the first redactWindow bytes
	readErr     error        // why reading the body failed, nil if it did not
}

// tokenError is the failure of a token request with the answer, if any.
type tokenError struct {
	err    error
	answer *answer
}

func (e *tokenError) Error() string { return e.err.Error() }
func (e *tokenError) Unwrap() error { return e.err }

// recorder is a transport that records the answers it gets.
type recorder struct {
	base   http.RoundTripper
	answer *answer
}

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	a := r.answer
	a.status, a.contentType, a.readErr = resp.StatusCode, resp.Header.Get("Content-Type"), nil
	a.body.Reset()
	resp.Body = &recordedBody{ReadCloser: resp.Body, answer: a}
	return resp, nil
}

// recordedBody copies what is read of a body into its answer.
type recordedBody struct {
	io.ReadCloser
	answer *answer
}

func (b *recordedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	a := b.answer
	a.body.Write(p[:min(n, max(0, redactWindow-a.body.Len()))])
	if err != nil && !errors.Is(err, io.EOF) {
		a.readErr = err
	}
	return n, err
}

// notAToken describes a 2xx answer that x/oauth2 could not read as a
// token; ok is false for any other answer.
func (c *Client) notAToken(a *answer) (msg string, ok bool) {
	if a.status < 200 || a.status > 299 || a.readErr != nil {
		return "", false
	}
	kind := "no Content-Type"
	if a.contentType != "" {
		kind = "Content-Type " + a.contentType
	}
	return "the answer is not an OAuth2 token (" + kind + "): " + c.redact.snippet(a.body.Bytes()) + "; check token_url", true
}
