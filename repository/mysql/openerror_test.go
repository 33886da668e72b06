package mysql_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

var errUnreachable = errors.New("unreachable")

// A server that refuses the session says what to do, never with the
// password.
func TestOpenError(t *testing.T) {
	admin, _ := fresh(t)
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	user := "loader_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'right-secret-1'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.Exec("DROP USER '" + user + "'@'%'") })
	u, err := url.Parse(dbtest.MySQLBase())
	if err != nil {
		t.Fatal(err)
	}
	wrongPassword := *u
	wrongPassword.User = url.UserPassword(user, "wrong-secret-2")
	tests := []struct {
		name, url, want string
	}{
		{"wrong password", wrongPassword.String(), "check the user and password"},
		{"unknown database", dbtest.WithDatabase(u.String(), "no_such_"+user), "the database does not exist or the user may not use it: create it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config(t, tt.url)
			db, err := drv.OpenDB(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = db.Close() }()
			pingErr := db.PingContext(context.Background())
			if pingErr == nil {
				t.Fatal("the server took the session")
			}
			got := drv.OpenError(cfg.URL, pingErr, errUnreachable)
			switch {
			case got == nil:
				t.Fatalf("OpenError(%v) = nil", pingErr)
			case !errors.Is(got, errUnreachable) || !strings.Contains(got.Error(), tt.want):
				t.Errorf("OpenError = %v, want unreachable saying %q", got, tt.want)
			case strings.Contains(got.Error(), "secret"):
				t.Errorf("OpenError = %v: it names the password", got)
			}
		})
	}
}
