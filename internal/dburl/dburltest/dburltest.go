// Package dburltest helps tests prove that database URLs keep their
// passwords: a server that does not speak PostgreSQL, and a check that no
// part of a password shows. Only tests import it.
package dburltest

import (
	"context"
	"net"
	"strings"
	"testing"
)

// MySQLGreeting is how a MariaDB server opens a connection.
const MySQLGreeting = "d\x00\x00\x00\n5.5.5-10.11.19-MariaDB\x00\x0e\x00\x00\x00abcdefgh\x00"

// NotPostgres listens on a local port until the test ends, answers every
// connection with greeting and closes it. It returns the host:port.
func NotPostgres(t testing.TB, greeting string) string {
	t.Helper()
	ln, err := new(net.ListenConfig).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = c.Write([]byte(greeting))
			_ = c.Close()
		}
	}()
	return ln.Addr().String()
}

// ClosedPort returns a local host:port nothing listens on.
func ClosedPort(t testing.TB) string {
	t.Helper()
	ln, err := new(net.ListenConfig).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// AssertNoFragment fails the test if text holds the secret or any part of
// it 3 characters long or more; what names the text in the failure.
func AssertNoFragment(t testing.TB, what, text, secret string) {
	t.Helper()
	for i := range secret {
		if j := i + 3; j <= len(secret) && strings.Contains(text, secret[i:j]) {
			t.Fatalf("%s leaks %q of the password: %q", what, secret[i:j], text)
		}
	}
}
