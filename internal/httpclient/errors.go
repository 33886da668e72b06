package httpclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrTooLarge is wrapped by the error of a response whose body is larger
// than Config.MaxBody.
var ErrTooLarge = errors.New("response body too large")

// StatusError is a response with a status that is not 2xx (after the
// retries, for a retried status). Its message names the method, the URL
// with secrets redacted, the status and the first bytes of the body.
type StatusError struct {
	Method string
	URL    string // redacted
	Status int
	// Body is the start of the response body, on one line.
	Body string

	retryAfter time.Duration // the server's Retry-After hint, 0 for none
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s %s: %d %s", e.Method, e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// failure is a request that got no response (or no token), its message
// already redacted. It unwraps to nothing, so that no unredacted text
// escapes through errors.Unwrap.
type failure struct {
	msg        string
	retry      bool
	retryAfter time.Duration
	// sent says that the request may have reached the server: a
	// connection was made for it.
	sent bool
}

func (f *failure) Error() string { return f.msg }

// sendFailure describes err, the failure of sending a request or reading
// its response, as a failure; prefix says which ("reading the response: "),
// sent whether the request may have reached the server.
func (c *Client) sendFailure(req Request, prefix string, err error, sent bool) *failure {
	why, retry := cause(err, c.cfg.Timeout)
	return &failure{msg: c.Redact(fmt.Sprintf("%s %s: %s%s", req.Method, req.URL, prefix, why)), retry: retry, sent: sent}
}

// cause says on one line why a request failed and whether trying again
// may help: only network failures may go away; certificate problems, TLS
// refusals and refused redirects do not.
func cause(err error, timeout time.Duration) (string, bool) {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // its text repeats the URL, unredacted
	}
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		record   tls.RecordHeaderError
		op       *net.OpError
		redirect *redirectError
	)
	switch {
	case errors.As(err, &redirect):
		return redirect.Error(), false
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("no complete response within the timeout of %s (raise timeout if the server is that slow)", timeout), true
	case errors.As(err, &unknown):
		return "the server's certificate is not signed by a trusted authority; set tls.ca_file to its CA bundle", false
	case errors.As(err, &hostname):
		return fmt.Sprintf("the server's certificate does not name this host (%v); use the host name the certificate was issued for", hostname), false
	case errors.As(err, &invalid):
		return fmt.Sprintf("the server's certificate is not valid (%v)", invalid), false
	case errors.As(err, &record):
		return "the server does not speak TLS here; use http:// or the server's TLS port", false
	case errors.As(err, &op) && op.Op == "remote error":
		return fmt.Sprintf("the server refused the TLS handshake (%v): it may require a client certificate (tls.cert_file and tls.key_file) or a TLS version below 1.2, which the loader does not offer", op.Err), false
	}
	return strings.Join(strings.Fields(err.Error()), " "), network(err) // on one line
}

// network says whether err is a failure of the network, worth another
// attempt: a connection refused, reset or cut short, a timeout, a name
// that did not resolve. Anything else (a response that is not HTTP, an
// answer that cannot be read) would fail the same way again.
func network(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE)
}
