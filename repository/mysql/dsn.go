package mysql

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// ErrInvalidURL is returned (wrapped) for a mysql:// or mariadb:// URL that
// cannot be used. Its messages never hold the password.
var ErrInvalidURL = errors.New("invalid MySQL URL")

// sessionVars are set on every connection: UTC whatever the server's time
// zone, and strict mode, so that a value a column cannot hold is refused
// rather than truncated, clipped or zeroed.
var sessionVars = map[string]string{
	"time_zone": "'+00:00'",
	"sql_mode":  "'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
}

// DSN turns mysql://user:pass@host:port/db?params (or mariadb://…) into a
// go-sql-driver DSN: times parsed in UTC, the session in UTC and strict
// mode, LOAD DATA LOCAL from registered readers only. Query parameters
// are go-sql-driver's (tls, charset, readTimeout…); they cannot undo the
// settings above.
func DSN(raw string) (string, error) {
	cfg, err := ParseURL(raw)
	if err != nil {
		return "", err
	}
	return cfg.FormatDSN(), nil
}

// MigrationsDSN is DSN with multiStatements on, which golang-migrate's
// mysql driver needs to run a migration file in one call.
func MigrationsDSN(raw string) (string, error) {
	cfg, err := ParseURL(raw)
	if err != nil {
		return "", err
	}
	cfg.MultiStatements = true
	return cfg.FormatDSN(), nil
}

// ParseURL parses a mysql:// or mariadb:// URL into a go-sql-driver Config
// with the loader's settings (see DSN).
func ParseURL(raw string) (*gomysql.Config, error) {
	u, err := url.Parse(raw)
	invalid := func(format string, args ...any) error {
		msg := fmt.Sprintf("%q: %s", dburl.Redact(raw), fmt.Sprintf(format, args...))
		if u != nil {
			msg = scrub(msg, u)
		}
		return fmt.Errorf("%w %s", ErrInvalidURL, msg)
	}
	if err != nil {
		return nil, invalid("cannot parse it; check the host, port and escaping")
	}
	if s := strings.ToLower(u.Scheme); s != name && s != "mariadb" {
		return nil, invalid("scheme %q is not mysql or mariadb", u.Scheme)
	}
	db := strings.TrimPrefix(u.Path, "/")
	if db == "" || strings.Contains(db, "/") {
		return nil, invalid("no database name; add it as the path, e.g. mysql://host:3306/warehouse")
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = "3306"
	}
	cfg, err := withParams(u.RawQuery)
	if err != nil {
		return nil, invalid("bad parameter: %s", err.Error())
	}
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.Net, cfg.Addr, cfg.DBName = "tcp", net.JoinHostPort(host, port), db
	cfg.MultiStatements = false // MigrationsDSN only
	enforce(cfg)
	return cfg, nil
}

// withParams reads the URL's query as go-sql-driver DSN parameters.
func withParams(query string) (*gomysql.Config, error) {
	if query == "" {
		return gomysql.NewConfig(), nil
	}
	return gomysql.ParseDSN("/?" + query)
}

// enforce sets what the loader's guarantees depend on.
func enforce(cfg *gomysql.Config) {
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.AllowAllFiles = false
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	for k, v := range sessionVars {
		cfg.Params[k] = v
	}
}

// scrub hides u's password in msg.
func scrub(msg string, u *url.URL) string {
	if p, ok := u.User.Password(); ok && p != "" {
		msg = strings.ReplaceAll(msg, p, "xxxxx")
	}
	return msg
}

// configFor returns the go-sql-driver Config of cfg's URL: its DSN when
// set (what repository opens the database with), else built from the URL.
func configFor(dsn, raw string, connectTimeout time.Duration) (*gomysql.Config, error) {
	var c *gomysql.Config
	var err error
	if dsn != "" {
		c, err = gomysql.ParseDSN(dsn)
		if err != nil {
			return nil, fmt.Errorf("%w: the DSN does not parse", ErrInvalidURL)
		}
		enforce(c)
	} else if c, err = ParseURL(raw); err != nil {
		return nil, err
	}
	if connectTimeout > 0 {
		c.Timeout = connectTimeout
	}
	return c, nil
}
