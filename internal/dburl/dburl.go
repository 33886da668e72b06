// Package dburl splits the single database URL that selects the warehouse
// (scheme://user:password@location?query) and keeps its password out of
// every message; the driver of the scheme (package repository/driver)
// checks the rest and builds its DSN. It never returns an
// error that contains the password: log URL.String, and pass free text that
// may quote a URL (a driver's error) through URL.Scrub or Scrub.
package dburl

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Dialect names a database: the Name of the driver that serves its scheme
// (see package repository/driver).
type Dialect string

// ErrInvalid is returned (wrapped) for every URL that cannot be used.
var ErrInvalid = errors.New("invalid database URL")

// URL is a database URL, split into its parts. Parse fills in the scheme,
// the path and the query; the driver of the scheme checks the rest and
// fills in Dialect, DSN and Path (driver.ParseURL).
type URL struct {
	Dialect Dialect
	// DSN is what the driver is opened with (pgx connection string or a
	// go-sqlite3 file: DSN). It may hold a password: never log it.
	DSN string
	// Path is the file of a file database (":memory:" for an in-memory one).
	Path    string
	scheme  string
	rest    string // after "scheme://", before the '?'
	query   string
	raw     string
	secrets []string // passwords as written and decoded, longest first
}

// Memory reports whether the URL names an in-memory database.
func (u URL) Memory() bool { return u.Path == ":memory:" }

// String returns the URL with any password replaced by "xxxxx".
func (u URL) String() string { return Redact(u.raw) }

// Raw returns the URL as given, password included, for drivers and tools that
// need it (golang-migrate, psql). Never log it.
func (u URL) Raw() string { return u.raw }

// Scheme is the URL's scheme, in lower case.
func (u URL) Scheme() string { return u.scheme }

// Location is what follows "scheme://" up to the query: a host and path,
// or a file path.
func (u URL) Location() string { return u.rest }

// Query is the URL's query string, without the '?'.
func (u URL) Query() string { return u.query }

// Invalid is the error, wrapping ErrInvalid, that says why the URL cannot
// be used (why holds no password).
func (u URL) Invalid(why string) error {
	return fmt.Errorf("%w %q: %s", ErrInvalid, Redact(u.raw), why)
}

// Parse splits a database URL into scheme, user information, location and
// query, and checks that the user name and password are encoded as RFC
// 3986 asks. It knows no database: the driver of the scheme checks the rest.
func Parse(raw string) (URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return URL{}, fmt.Errorf("%w: empty; use postgres://user@host:5432/db or sqlite://warehouse.db", ErrInvalid)
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return URL{}, fmt.Errorf("%w %q: missing scheme; use postgres://user@host:5432/db or sqlite://PATH", ErrInvalid, Redact(raw))
	}
	ui, _ := splitUserinfo(rest)
	if err := ui.check(); err != nil {
		return URL{}, fmt.Errorf("%w %q: %s", ErrInvalid, Redact(raw), err)
	}
	u := URL{scheme: strings.ToLower(scheme), raw: raw, secrets: secrets(ui)}
	slices.SortFunc(u.secrets, func(a, b string) int { return len(b) - len(a) })
	u.rest, u.query, _ = strings.Cut(rest, "?")
	return u, nil
}

// CheckHost checks a server URL: that url.Parse reads it and that its port
// is a number. The error wraps ErrInvalid and holds no password.
func (u URL) CheckHost() error {
	parsed, err := url.Parse(u.raw)
	if err != nil {
		return u.Invalid(fmt.Sprintf("cannot parse it; check the host, port and escaping (%s)", u.Scrub(stripURLError(err))))
	}
	for _, c := range parsed.Port() {
		if c < '0' || c > '9' {
			return u.Invalid(fmt.Sprintf("port %q is not a number", u.Scrub(parsed.Port())))
		}
	}
	return nil
}

// URLPath is the path of a server URL (url.Parse's), "" when it has none.
func (u URL) URLPath() string {
	parsed, err := url.Parse(u.raw)
	if err != nil {
		return ""
	}
	return parsed.Path
}

// stripURLError returns the cause of a *url.Error without the URL itself,
// which would repeat the password.
func stripURLError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// Secrets returns the URL's passwords (as written and decoded), which no
// log, error or page may show.
func (u URL) Secrets() []string { return u.secrets }
