package dbtest

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// server describes a database server the tests need: its name in
// messages, the variable that names its URL and the one that lets its
// tests skip.
type server struct {
	name, urlVar, skipVar string
}

var (
	postgresServer = server{"PostgreSQL", "LOADER_TEST_DATABASE_URL", "LOADER_TEST_POSTGRES"}
	mysqlServer    = server{"MySQL", "LOADER_TEST_MYSQL_URL", "LOADER_TEST_MYSQL"}
)

// reach pings db (opened on base, or not: openErr) and fails the test
// when the server does not answer, unless skipVar=skip: then it skips.
func (s server) reach(t testing.TB, db *sql.DB, openErr error, base string) {
	t.Helper()
	err := openErr
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = db.PingContext(ctx)
	}
	if err == nil {
		return
	}
	if os.Getenv(s.skipVar) == "skip" {
		t.Skipf("%s unreachable and %s=skip: %s", s.name, s.skipVar, dburl.Cause(err))
	}
	t.Fatalf("%s at %s unreachable (%s): start it, set %s, or set %s=skip", s.name, dburl.Redact(base), dburl.Cause(err), s.urlVar, s.skipVar)
}

// scratch runs create on db and, when the test ends, drop, then closes db.
func scratch(t testing.TB, db *sql.DB, create, drop string) {
	t.Helper()
	if _, err := db.Exec(create); err != nil {
		_ = db.Close()
		t.Fatalf("%s: %v", create, err)
	}
	t.Cleanup(func() {
		_, _ = db.Exec(drop)
		_ = db.Close()
	})
}
