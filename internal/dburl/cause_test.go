package dburl

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warehouse-loader/loader/internal/dburl/dburltest"
)

// A server that does not speak PostgreSQL (MariaDB on its port, an HTTP
// server) is named as such, not as "received unexpected message: %!w(<nil>)".
func TestCauseSaysTheServerDoesNotSpeakPostgres(t *testing.T) {
	for name, greeting := range map[string]string{"mariadb": dburltest.MySQLGreeting, "http": "HTTP/1.0 400 Bad Request\r\n\r\n"} {
		addr := dburltest.NotPostgres(t, greeting)
		for _, sslmode := range []string{"disable", "prefer"} {
			t.Run(name+"/"+sslmode, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
				defer cancel()
				_, err := pgconn.Connect(ctx, "postgres://alice:Zq9wX@"+addr+"/test?sslmode="+sslmode)
				if err == nil {
					t.Fatal("connected to a server that is not PostgreSQL")
				}
				got := Cause(err)
				want := addr + " answered, but not in the PostgreSQL protocol: another kind of server (MySQL, MariaDB, HTTP…) listens on that port"
				if got != want {
					t.Fatalf("Cause = %q, want %q", got, want)
				}
			})
		}
	}
}

// Other connection errors keep their own message.
func TestCauseKeepsOtherConnectionErrors(t *testing.T) {
	addr := dburltest.ClosedPort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	_, err := pgconn.Connect(ctx, "postgres://alice:Zq9wX@"+addr+"/test?sslmode=disable")
	if got := Cause(err); !strings.Contains(got, "connection refused") || strings.Contains(got, "%!") {
		t.Fatalf("Cause = %q", got)
	}
}
