package drivers_test

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/repository/drivers"
)

func TestParse(t *testing.T) {
	tests := []struct {
		raw     string
		dialect dburl.Dialect
		path    string
	}{
		{"postgres://u:p@127.0.0.1:5432/test", "postgres", ""},
		{"postgresql://127.0.0.1/test?sslmode=disable", "postgres", ""},
		{"sqlite://warehouse.db", "sqlite", "warehouse.db"},
		{"sqlite://./data/w.db", "sqlite", "data/w.db"},
		{"sqlite:///tmp/abs.db", "sqlite", "/tmp/abs.db"},
		{"sqlite3:///tmp/abs.db", "sqlite", "/tmp/abs.db"},
		{"sqlite://:memory:", "sqlite", ":memory:"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			_, u, err := drivers.Parse(tt.raw)
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
		{"oracle://root:s3cret@localhost/db", "unknown scheme"},
		{"postgres://u:s3cret@host:5x2/db", "cannot parse"},
		{"postgres://u:s3cret@host:5432", "no database name"},
		{"sqlite://", "no file path"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			_, _, err := drivers.Parse(tt.raw)
			if !errors.Is(err, dburl.ErrInvalid) {
				t.Fatalf("want dburl.ErrInvalid, got %v", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, "s3cret") || strings.Contains(msg, "\n") {
				t.Fatalf("error %q: want it to contain %q, one line, no password", msg, tt.want)
			}
		})
	}
}

func TestSQLitePathsWithURISpecialCharacters(t *testing.T) {
	for _, name := range []string{"50%off.db", "no#1.db", "a b.db"} {
		path := filepath.Join(t.TempDir(), name)
		_, u, err := drivers.Parse("sqlite://" + path)
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

// An unknown scheme is refused on one line that lists the registered ones
// and holds no password.
func TestUnknownSchemeListsTheRegisteredOnes(t *testing.T) {
	_, _, err := drivers.Parse("oracle://scott:s3cret@db/orcl")
	msg := fmt.Sprint(err)
	if !errors.Is(err, dburl.ErrInvalid) || strings.Contains(msg, "s3cret") || strings.Contains(msg, "\n") {
		t.Fatalf("Parse(oracle) = %q; want ErrInvalid on one line without the password", msg)
	}
	for _, s := range drivers.Schemes() {
		if !strings.Contains(msg, s+"://") {
			t.Errorf("error %q does not list %s://", msg, s)
		}
	}
}

// Every registered driver names its own scheme, and no two share one.
func TestSchemesAreTheirDriversOwn(t *testing.T) {
	seen := map[string]string{}
	for _, d := range drivers.All() {
		for _, s := range d.Schemes() {
			if other, dup := seen[s]; dup {
				t.Errorf("scheme %s is served by %s and %s", s, other, d.Name())
			}
			seen[s] = d.Name()
			if got, err := drivers.Lookup(s); err != nil || got.Name() != d.Name() {
				t.Errorf("Lookup(%s) = %v, %v; want %s", s, got, err, d.Name())
			}
		}
	}
}
