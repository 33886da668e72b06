// Package dbtest gives tests real databases, one of each registered
// driver's: a fresh SQLite file; a fresh schema in the PostgreSQL named by
// LOADER_TEST_DATABASE_URL (default postgres://127.0.0.1:5432/test); a
// fresh database on the MariaDB/MySQL server named by LOADER_TEST_MYSQL_URL
// (default mysql://root@127.0.0.1:3306/test); each dropped when the test
// ends. An unreachable server fails the test unless LOADER_TEST_POSTGRES
// or LOADER_TEST_MYSQL is "skip". Only tests import it.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx" database/sql driver

	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// DefaultPostgres is used when LOADER_TEST_DATABASE_URL is unset.
const DefaultPostgres = "postgres://127.0.0.1:5432/test?sslmode=disable"

// Dialects are the names Each runs under: every registered driver's
// (package repository/drivers).
var Dialects = drivers.Names()

// makers make a fresh test database of each driver, by its name. A new
// driver adds its maker here.
var makers = map[string]func(testing.TB) string{"postgres": Postgres, "sqlite": SQLite, "mysql": MySQL}

// Each runs fn as a subtest once per dialect, with the URL of a fresh,
// empty database of that dialect.
func Each(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) { fn(t, New(t, d)) })
	}
}

// EachMigrated is Each with every migration applied.
func EachMigrated(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	Each(t, func(t *testing.T, u string) { Migrate(t, u); fn(t, u) })
}

// New returns the URL of a fresh empty database of the dialect.
func New(t testing.TB, dialect string) string {
	t.Helper()
	mk, ok := makers[dialect]
	if !ok {
		t.Fatalf("dbtest: no test database for driver %q: add its maker to dbtest.makers", dialect)
	}
	return mk(t)
}

// SQLite returns the URL of a new SQLite file in the test's temp folder.
func SQLite(t testing.TB) string {
	return "sqlite://" + filepath.Join(t.TempDir(), "warehouse.db")
}

// PostgresBase returns the server URL tests use.
func PostgresBase() string {
	if u := os.Getenv("LOADER_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultPostgres
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9_]+`)

// Postgres creates a schema of its own for the test and returns a URL
// whose search_path points at it. An unreachable server fails the test,
// unless LOADER_TEST_POSTGRES=skip: PostgreSQL tests never skip silently.
func Postgres(t testing.TB) string {
	t.Helper()
	base := PostgresBase()
	db, err := sql.Open("pgx", base)
	postgresServer.reach(t, db, err, base)
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := unsafeChars.ReplaceAllString(strings.ToLower(t.Name()), "_")
	if len(name) > 40 {
		name = name[len(name)-40:]
	}
	schema := "t_" + hex.EncodeToString(b) + "_" + strings.Trim(name, "_")
	scratch(t, db, `CREATE SCHEMA "`+schema+`"`, `DROP SCHEMA "`+schema+`" CASCADE`)
	return WithSearchPath(base, schema)
}

// WithSearchPath returns base with its search_path set to schema.
func WithSearchPath(base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Migrate applies every embedded migration to the database at rawURL.
func Migrate(t testing.TB, rawURL string) {
	t.Helper()
	ctx := context.Background()
	u, err := dburl.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrations.New(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = m.Close() }()
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("migrating: %v", err)
	}
}

// Hold runs stmt (a LOCK TABLE, an advisory lock…) on the PostgreSQL
// database at rawURL in a transaction of its own, kept open until the test
// ends.
func Hold(t testing.TB, rawURL, stmt string) {
	t.Helper()
	db, err := sql.Open("pgx", rawURL)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err == nil {
		_, err = tx.Exec(stmt)
	}
	if err != nil {
		_ = db.Close()
		t.Fatalf("%s: %v", stmt, err)
	}
	t.Cleanup(func() { _ = tx.Rollback(); _ = db.Close() })
}
