package httpclient

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects is the most redirects one request follows, as Go's client.
const maxRedirects = 10

// redirectError is a redirect the client refused to follow. Its message
// is not redacted: the failure that carries it is.
type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

// checkRedirect is the CheckRedirect of the client's http.Clients. Go's
// client drops only Authorization and Cookie on a redirect to another
// host, and drops nothing from https to http: an API key header, a
// caller's header holding a secret or a form with a client secret would
// follow. So only redirects on the same host, to the same or a safer
// scheme, are followed.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return &redirectError{msg: fmt.Sprintf("stopped after %d redirects, the last to %s; set url: to the final address", len(via), req.URL)}
	}
	if !redirectAllowed(via[len(via)-1].URL, req.URL) {
		return &redirectError{msg: fmt.Sprintf("redirected to %s: the loader does not follow redirects to another host or from https to http,"+
			" which would send the credentials there; set url: to the final address", req.URL)}
	}
	return nil
}

// redirectAllowed says whether a request to from may follow a redirect to
// to: the same host and port, with the same scheme or from http to https
// (port 80 to 443, or the same port).
func redirectAllowed(from, to *url.URL) bool {
	if !strings.EqualFold(from.Hostname(), to.Hostname()) {
		return false
	}
	fromPort, toPort := port(from), port(to)
	switch {
	case from.Scheme == to.Scheme:
		return fromPort == toPort
	case from.Scheme == "http" && to.Scheme == "https":
		return fromPort == toPort || from.Port() == "" && to.Port() == "" ||
			fromPort == "80" && toPort == "443"
	}
	return false
}

// port is the port of u, the scheme's default when it names none.
func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}
