package mysql_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/warehouse-loader/loader/internal/dburl"
)

func TestDSN(t *testing.T) {
	tests := []struct {
		url                  string
		user, pass, addr, db string
		params               string // what the DSN must also say
	}{
		{url: "mysql://root@127.0.0.1:3306/test", user: "root", addr: "127.0.0.1:3306", db: "test"},
		{url: "mariadb://u:p%40ss@db.example:3307/wh", user: "u", pass: "p@ss", addr: "db.example:3307", db: "wh"},
		{url: "mysql://localhost/wh", addr: "localhost:3306", db: "wh"},
		{url: "mysql://u@[::1]:3306/wh?tls=preferred&charset=utf8mb4", user: "u", addr: "[::1]:3306", db: "wh", params: "charset=utf8mb4"},
		// The loader's settings win over the URL's.
		{url: "mysql://u@h/wh?loc=Local&parseTime=false&multiStatements=true&time_zone=%27SYSTEM%27", user: "u", addr: "h:3306", db: "wh"},
	}
	for _, tt := range tests {
		dsn, err := dsnOf(tt.url)
		if err != nil {
			t.Errorf("%s: %v", tt.url, err)
			continue
		}
		c, err := gomysql.ParseDSN(dsn)
		if err != nil {
			t.Fatalf("%s: the DSN %q does not parse: %v", tt.url, dsn, err)
		}
		if c.User != tt.user || c.Passwd != tt.pass || c.Addr != tt.addr || c.DBName != tt.db || c.Net != "tcp" {
			t.Errorf("%s: user %q pass %q addr %q db %q, want %q %q %q %q", tt.url, c.User, c.Passwd, c.Addr, c.DBName, tt.user, tt.pass, tt.addr, tt.db)
		}
		if !c.ParseTime || c.Loc != time.UTC || c.MultiStatements || c.AllowAllFiles || c.Params["time_zone"] != "'+00:00'" || !strings.Contains(c.Params["sql_mode"], "STRICT_ALL_TABLES") {
			t.Errorf("%s: DSN %q lacks the loader's settings", tt.url, dsn)
		}
		if !strings.Contains(dsn, tt.params) {
			t.Errorf("%s: DSN %q does not say %s", tt.url, dsn, tt.params)
		}
	}
}

// dsnOf is the DSN ParseURL sets for raw.
func dsnOf(raw string) (string, error) {
	u, err := dburl.Parse(raw)
	if err != nil {
		return "", err
	}
	u, err = drv.ParseURL(u)
	return u.DSN, err
}

// Bad URLs are refused with a reason, never quoting the password.
func TestDSNErrorsHideThePassword(t *testing.T) {
	tests := []struct{ url, reason string }{
		{"mysql://u:s3cr3t@h:3306/", "no database name"},
		{"mysql://u:s3cr3t@h:3306/a/b", "no database name"},
		{"mysql://u:s3cr3t@h:port/db", "cannot parse"},
		{"mysql://u:s3cr3t@h/db?readTimeout=s3cr3t", "bad parameter"},
	}
	for _, tt := range tests {
		_, err := dsnOf(tt.url)
		switch {
		case !errors.Is(err, dburl.ErrInvalid):
			t.Errorf("%s: %v, want dburl.ErrInvalid", tt.url, err)
		case strings.Contains(err.Error(), "s3cr3t"):
			t.Errorf("%s: error %q shows the password", tt.url, err)
		case !strings.Contains(err.Error(), tt.reason):
			t.Errorf("%s: error %q does not say %q", tt.url, err, tt.reason)
		}
	}
}

func TestNormalType(t *testing.T) {
	tests := map[string]string{
		"numeric(12,2)": "decimal(12,2)", "DECIMAL(12, 2)": "decimal(12,2)", "int(11)": "int", "integer": "int",
		"bigint AUTO_INCREMENT": "bigint", "bigint(20)": "bigint", "bigint unsigned": "bigint unsigned",
		"datetime(6)": "datetime(6)", "datetime": "datetime(0)", "text": "text", "longtext": "text",
		"varchar(255)": "text", "varchar(40)": "varchar(40)", "boolean": "tinyint(1)", "tinyint(1)": "tinyint(1)", "double precision": "double",
		"float8": "double", "float4": "float", "float(24)": "float", "float(53)": "double", "real": "double",
		"decimal": "decimal(10,0)", "numeric(12)": "decimal(12,0)", "int4": "int", "int8": "bigint",
		"timestamptz": "datetime(6)", "datetime(6) NULL": "datetime(6)", "longblob": "blob", "bytea": "blob",
		"int(10) unsigned": "int unsigned", "tinyint(3) unsigned": "tinyint unsigned",
	}
	for decl, want := range tests {
		if got := drv.NormalType(decl); got != want {
			t.Errorf("NormalType(%q) = %q, want %q", decl, got, want)
		}
	}
	if got := drv.KeyType("text"); got != "varchar(255)" {
		t.Errorf("KeyType(text) = %q, want varchar(255)", got)
	}
}
