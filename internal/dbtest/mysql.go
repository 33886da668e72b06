package dbtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// DefaultMySQL is used when LOADER_TEST_MYSQL_URL is unset.
const DefaultMySQL = "mysql://root@127.0.0.1:3306/test"

// MySQLBase returns the MariaDB/MySQL server URL tests use.
func MySQLBase() string {
	if u := os.Getenv("LOADER_TEST_MYSQL_URL"); u != "" {
		return u
	}
	return DefaultMySQL
}

// MySQL creates a database of its own for the test (t_<random>), dropped
// when the test ends, and returns its mysql:// URL. An unreachable server
// fails the test, unless LOADER_TEST_MYSQL=skip: MySQL tests never skip
// silently.
func MySQL(t testing.TB) string {
	t.Helper()
	base := MySQLBase()
	db, err := openMySQL(base)
	mysqlServer.reach(t, db, err, base)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "t_" + hex.EncodeToString(b)
	scratch(t, db, "CREATE DATABASE `"+name+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", "DROP DATABASE IF EXISTS `"+name+"`")
	return WithDatabase(base, name)
}

// WithDatabase returns the mysql:// URL base naming database db instead.
func WithDatabase(base, db string) string {
	u, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + db
	return u.String()
}

// openMySQL opens a mysql:// URL with the loader's driver settings.
func openMySQL(raw string) (*sql.DB, error) {
	d, u, err := drivers.Parse(raw)
	if err != nil {
		return nil, err
	}
	return d.OpenDB(driver.Config{URL: u})
}
