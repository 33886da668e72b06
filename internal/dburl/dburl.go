// Package dburl parses the single database URL that selects the warehouse:
// postgres://… (or postgresql://) and sqlite://PATH. It never returns an
// error that contains the password: log URL.String, and pass free text that
// may quote a URL (a driver's error) through URL.Scrub or Scrub.
package dburl

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
)

// Dialect names a supported database.
type Dialect string

// The supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// ErrInvalid is returned (wrapped) for every URL that cannot be used.
var ErrInvalid = errors.New("invalid database URL")

// URL is a parsed database URL.
type URL struct {
	Dialect Dialect
	// DSN is what the driver is opened with (pgx connection string or a
	// go-sqlite3 file: DSN). It may hold a password: never log it.
	DSN string
	// Path is the SQLite file path (":memory:" for an in-memory database).
	Path    string
	raw     string
	secrets []string // passwords as written and decoded, longest first
}

// Memory reports whether the URL names an in-memory SQLite database.
func (u URL) Memory() bool { return u.Dialect == SQLite && u.Path == ":memory:" }

// String returns the URL with any password replaced by "xxxxx".
func (u URL) String() string { return Redact(u.raw) }

// Raw returns the URL as given, password included, for drivers and tools that
// need it (golang-migrate, psql). Never log it.
func (u URL) Raw() string { return u.raw }

// Parse parses a database URL.
func Parse(raw string) (URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return URL{}, fmt.Errorf("%w: empty; use postgres://user@host:5432/db or sqlite://warehouse.db", ErrInvalid)
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return URL{}, fmt.Errorf("%w %q: missing scheme; use postgres://user@host:5432/db or sqlite://PATH", ErrInvalid, Redact(raw))
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return parsePostgres(raw, rest)
	case "sqlite", "sqlite3":
		return parseSQLite(raw, rest)
	default:
		return URL{}, fmt.Errorf("%w %q: unknown scheme %q; use postgres:// or sqlite://", ErrInvalid, Redact(raw), scheme)
	}
}

func parsePostgres(raw, afterScheme string) (URL, error) {
	ui, _ := splitUserinfo(afterScheme)
	if err := ui.check(); err != nil {
		return URL{}, fmt.Errorf("%w %q: %s", ErrInvalid, Redact(raw), err)
	}
	pg := URL{Dialect: Postgres, DSN: raw, raw: raw, secrets: secrets(ui)}
	slices.SortFunc(pg.secrets, func(a, b string) int { return len(b) - len(a) })
	u, err := url.Parse(raw)
	if err != nil {
		return URL{}, fmt.Errorf("%w %q: cannot parse it; check the host, port and escaping (%s)", ErrInvalid, Redact(raw), pg.Scrub(stripURLError(err)))
	}
	if p := u.Port(); p != "" {
		for _, c := range p {
			if c < '0' || c > '9' {
				return URL{}, fmt.Errorf("%w %q: port %q is not a number", ErrInvalid, Redact(raw), pg.Scrub(p))
			}
		}
	}
	if strings.Trim(u.Path, "/") == "" {
		return URL{}, fmt.Errorf("%w %q: no database name; add it as the path, e.g. postgres://host:5432/warehouse", ErrInvalid, Redact(raw))
	}
	return pg, nil
}

func parseSQLite(raw, rest string) (URL, error) {
	path, query, _ := strings.Cut(rest, "?")
	if path == "" {
		return URL{}, fmt.Errorf("%w %q: no file path; use sqlite://warehouse.db, sqlite:///abs/path.db or sqlite://:memory:", ErrInvalid, raw)
	}
	params, err := url.ParseQuery(query)
	if err != nil {
		return URL{}, fmt.Errorf("%w %q: bad query string: %s", ErrInvalid, raw, stripURLError(err))
	}
	if path != ":memory:" {
		path = filepath.Clean(path)
	}
	return URL{Dialect: SQLite, Path: path, DSN: sqliteDSN(path, params), raw: raw}, nil
}

// sqliteDSN builds the go-sqlite3 DSN: foreign keys on, a busy timeout so
// concurrent writers wait instead of failing, WAL for file databases, and
// BEGIN IMMEDIATE so a write transaction takes the write lock up front.
func sqliteDSN(path string, extra url.Values) string {
	q := url.Values{}
	q.Set("_foreign_keys", "1")
	q.Set("_busy_timeout", "10000")
	q.Set("_txlock", "immediate")
	if path != ":memory:" {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
	}
	for k, v := range extra {
		q[k] = v
	}
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

// uriPath escapes what SQLite's file: URI parser would otherwise read as a
// percent escape, the query or a fragment.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// stripURLError returns the cause of a *url.Error without the URL itself,
// which would repeat the password.
func stripURLError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}
