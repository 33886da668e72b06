package dburl

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func TestParse(t *testing.T) {
	tests := []struct {
		raw     string
		dialect Dialect
		path    string
	}{
		{"postgres://u:p@127.0.0.1:5432/test", Postgres, ""},
		{"postgresql://127.0.0.1/test?sslmode=disable", Postgres, ""},
		{"sqlite://warehouse.db", SQLite, "warehouse.db"},
		{"sqlite://./data/w.db", SQLite, "data/w.db"},
		{"sqlite:///tmp/abs.db", SQLite, "/tmp/abs.db"},
		{"sqlite3:///tmp/abs.db", SQLite, "/tmp/abs.db"},
		{"sqlite://:memory:", SQLite, ":memory:"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			u, err := Parse(tt.raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if u.Dialect != tt.dialect || u.Path != tt.path {
				t.Fatalf("got %s %q, want %s %q", u.Dialect, u.Path, tt.dialect, tt.path)
			}
		})
	}
}

func TestParseErrorsAreOneLineAndRedacted(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"", "empty"},
		{"warehouse.db", "missing scheme"},
		{"mysql://root:s3cret@localhost/db", "unknown scheme"},
		{"postgres://u:s3cret@host:5x2/db", "cannot parse"},
		{"postgres://u:s3cret@host:5432", "no database name"},
		{"sqlite://", "no file path"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			_, err := Parse(tt.raw)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("want ErrInvalid, got %v", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, "s3cret") || strings.Contains(msg, "\n") {
				t.Fatalf("error %q: want it to contain %q, one line, no password", msg, tt.want)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	got := Redact("postgres://alice:s3cret@db:5432/w?password=other")
	if strings.Contains(got, "s3cret") || strings.Contains(got, "other") || !strings.Contains(got, "alice") {
		t.Fatalf("Redact = %q", got)
	}
}

func TestCauseScrubsPasswords(t *testing.T) {
	for _, msg := range []string{
		`failed to connect to postgres://bob:s3cret@db:5432/w: dial tcp: connection refused`,
		`cannot parse "host=db password=s3cret": bad`,
	} {
		if got := Cause(errors.New(msg)); strings.Contains(got, "s3cret") {
			t.Fatalf("Cause(%q) = %q", msg, got)
		}
	}
}

func TestSQLitePathsWithURISpecialCharacters(t *testing.T) {
	for _, name := range []string{"50%off.db", "no#1.db", "a b.db"} {
		path := filepath.Join(t.TempDir(), name)
		u, err := Parse("sqlite://" + path)
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("sqlite3", u.DSN)
		if err == nil {
			_, err = db.Exec("CREATE TABLE t (x integer)")
			_ = db.Close()
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("%s: the database was not created at its path: %v", name, err)
		}
	}
}
