package mysql

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// sessionVars are set on every connection: UTC whatever the server's time
// zone, and strict mode, so that a value a column cannot hold is refused
// rather than truncated, clipped or zeroed.
var sessionVars = map[string]string{
	"time_zone": "'+00:00'",
	"sql_mode":  "'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'",
}

// ParseURL checks mysql://user:pass@host:port/db?params (or mariadb://…)
// and sets its DSN, go-sql-driver's: times parsed in UTC, the session in
// UTC and strict mode, LOAD DATA LOCAL from registered readers only. Query
// parameters are go-sql-driver's (tls, charset, readTimeout…); they cannot
// undo the settings above. Errors wrap dburl.ErrInvalid and hold no
// password.
func (Driver) ParseURL(u dburl.URL) (dburl.URL, error) {
	if err := u.CheckHost(); err != nil {
		return dburl.URL{}, err
	}
	cfg, err := configOf(u)
	if err != nil {
		return dburl.URL{}, err
	}
	u.Dialect, u.DSN = dburl.Dialect(name), cfg.FormatDSN()
	return u, nil
}

// configOf builds the go-sql-driver Config of a URL CheckHost accepted.
func configOf(u dburl.URL) (*gomysql.Config, error) {
	parsed, err := url.Parse(u.Raw())
	if err != nil {
		return nil, u.Invalid("cannot parse it; check the host, port and escaping")
	}
	db := strings.TrimPrefix(parsed.Path, "/")
	if db == "" || strings.Contains(db, "/") {
		return nil, u.Invalid("no database name; add it as the path, e.g. mysql://host:3306/warehouse")
	}
	host, port := parsed.Hostname(), parsed.Port()
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = "3306"
	}
	cfg, err := withParams(parsed.RawQuery)
	if err != nil {
		// The URL is quoted scrubbed too: a parameter may repeat the password.
		return nil, fmt.Errorf("%w %q: bad parameter: %s", dburl.ErrInvalid, u.Scrub(u.String()), u.Scrub(err.Error()))
	}
	cfg.User = parsed.User.Username()
	cfg.Passwd, _ = parsed.User.Password()
	cfg.Net, cfg.Addr, cfg.DBName = "tcp", net.JoinHostPort(host, port), db
	cfg.MultiStatements = false // the migrations' pool only (OpenDB)
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

// config returns the go-sql-driver Config of a DSN ParseURL built, the
// dial bounded by connectTimeout.
func config(dsn string, connectTimeout time.Duration) (*gomysql.Config, error) {
	c, err := gomysql.ParseDSN(dsn)
	if err != nil {
		return nil, dburl.ErrInvalid
	}
	enforce(c)
	if connectTimeout > 0 {
		c.Timeout = connectTimeout
	}
	return c, nil
}
