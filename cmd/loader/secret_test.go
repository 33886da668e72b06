package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dburl/dburltest"
)

// checkOneSafeLine fails the test unless the loader exited 1 with a single
// stderr line that holds want and no part of any of the secrets.
func checkOneSafeLine(t *testing.T, r result, want string, secrets ...string) {
	t.Helper()
	line := strings.TrimSuffix(r.stderr, "\n")
	if r.code != 1 || strings.Contains(line, "\n") || !strings.Contains(line, want) {
		t.Fatalf("want exit 1 and one line with %q, got exit %d:\n%s", want, r.code, r.stderr)
	}
	for _, s := range secrets {
		dburltest.AssertNoFragment(t, "loader", r.stdout+r.stderr, s)
	}
}

// A password with a raw '/', '#', '?', '@', '%' or space is refused in one
// line that says what to percent-encode and shows no part of it.
func TestRawPasswordCharactersAreRefusedWithoutLeaking(t *testing.T) {
	bin := loaderBinary(t)
	closed := dburltest.ClosedPort(t)
	for _, pw := range []string{"Zq/9wX", "12/55Zq", "Zq#9wX", "Zq?9wX", "Zq@9wX", "Zq%9wX", "Zq 9wX"} {
		t.Run(pw, func(t *testing.T) {
			env := map[string]string{"LOADER_DATABASE_URL": "postgres://alice:" + pw + "@" + closed + "/test?sslmode=disable"}
			r := startLoader(t, bin, env, "runs").wait()
			checkOneSafeLine(t, r, "percent-encode it as %", pw)
		})
	}
}

// A percent-encoded password reaches the driver, and whatever the driver
// says (connection refused, a server that is not PostgreSQL) the line shows
// the password neither as written nor decoded.
func TestDriverErrorsNeverShowThePassword(t *testing.T) {
	bin := loaderBinary(t)
	servers := map[string]struct{ addr, want string }{
		"closed port": {dburltest.ClosedPort(t), "connection refused"},
		"mariadb":     {dburltest.NotPostgres(t, dburltest.MySQLGreeting), "not in the PostgreSQL protocol"},
	}
	for name, srv := range servers {
		for _, mode := range []string{"disable", "prefer"} {
			t.Run(name+"/"+mode, func(t *testing.T) {
				raw := "postgres://alice:Zq%2F9w%40X%20y@" + srv.addr + "/test?sslmode=" + mode
				r := startLoader(t, bin, map[string]string{"LOADER_DATABASE_URL": raw}, "runs").wait()
				checkOneSafeLine(t, r, srv.want, "Zq%2F9w%40X%20y", "Zq/9w@X y")
				if strings.Contains(r.stderr, "%!") {
					t.Fatalf("a formatting artifact in %q", r.stderr)
				}
			})
		}
	}
}

// report hides the configured warehouse password wherever an error quotes
// it, not only in the shapes Scrub recognises.
func TestReportScrubsTheWarehousePassword(t *testing.T) {
	var stderr strings.Builder
	env := map[string]string{"LOADER_DATABASE_URL": "postgres://alice:Zq%2F9w%40X%20y@127.0.0.1:1/test"}
	a := &app{stderr: &stderr, getenv: func(k string) string { return env[k] }}
	code := a.report(errors.New("auth failed: sent Zq%2F9w%40X%20y, server saw Zq/9w@X y"))
	if code != exitError || stderr.String() != "loader: auth failed: sent xxxxx, server saw xxxxx\n" {
		t.Fatalf("exit %d, %q", code, stderr.String())
	}
}
