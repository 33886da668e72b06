package sqlsource_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl/source"
	sqlsource "github.com/warehouse-loader/loader/etl/source/sql"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// itemsStore opens raw and makes a table items (ids 1-3) in it.
func itemsStore(t *testing.T, raw string) *repository.Store {
	t.Helper()
	ctx := context.Background()
	s, err := repository.Open(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	err = s.Scope(ctx, func(sess *repository.Session) error {
		return sess.Exec(ctx, "CREATE TABLE IF NOT EXISTS items (id integer PRIMARY KEY, name text)",
			"DELETE FROM items", "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')")
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// respell returns other spellings of a database URL that name the same
// database: another host name for the same server and a parameter added,
// or a path through a symbolic link and a parameter added.
func respell(t *testing.T, raw string) []string {
	t.Helper()
	switch d, _, _ := strings.Cut(raw, "://"); d {
	case "postgres":
		return []string{strings.Replace(raw, "127.0.0.1", "localhost", 1), raw + "&application_name=loader_test"}
	case "mysql":
		return []string{strings.Replace(raw, "mysql://", "mariadb://", 1), raw + "?timeout=30s"}
	case "sqlite":
	default:
		t.Fatalf("no fixture for dialect %s", d)
	}
	path := strings.TrimPrefix(raw, "sqlite://")
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(filepath.Dir(path), link); err != nil {
		t.Fatal(err)
	}
	return []string{"sqlite://" + filepath.Join(link, filepath.Base(path)), raw + "?_busy_timeout=2000"}
}

func sqlIdentity(t *testing.T, s *repository.Store, q source.ReadQuery) string {
	t.Helper()
	src, err := sqlsource.New(context.Background(), repository.SourceDatabase(s), q)
	if err != nil {
		t.Fatal(err)
	}
	return src.Identity()
}

func TestSQLIdentityNamesWhatIsRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		table := source.ReadQuery{Table: "items", Key: "id"}
		want := sqlIdentity(t, itemsStore(t, raw), table)
		for _, other := range respell(t, raw) {
			if got := sqlIdentity(t, itemsStore(t, other), table); got != want {
				t.Errorf("identity through %s = %q, want %q", other, got, want)
			}
		}
		dialect := strings.SplitN(raw, ":", 2)[0]
		if !strings.HasPrefix(want, "sql:"+dialect+" ") || strings.Contains(want, "127.0.0.1") || !strings.HasSuffix(want, ":table items by id") {
			t.Errorf("identity %q does not name the database, the table and the key", want)
		}
		if got := sqlIdentity(t, itemsStore(t, dbtest.New(t, dialect)), table); got == want {
			t.Errorf("another schema or file has the same identity %q", got)
		}

		s := itemsStore(t, raw)
		query := sqlIdentity(t, s, source.ReadQuery{SQL: "SELECT * FROM items", Key: "id"})
		if again := sqlIdentity(t, s, source.ReadQuery{SQL: "  SELECT * FROM items;\n", Key: "id"}); again != query {
			t.Errorf("a trailing ';' changed the identity: %q, %q", query, again)
		}
		byName := sqlIdentity(t, s, source.ReadQuery{SQL: "SELECT * FROM items", Key: "name"})
		if query == want || byName == query || !strings.Contains(query, ":query ") {
			t.Errorf("identities of the table, the query and the query by name: %q, %q, %q", want, query, byName)
		}
	})
}

func TestNewRefusesWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := itemsStore(t, raw)
		for query, want := range map[string]error{
			"SELECT * FROM items; DELETE FROM items":                                repository.ErrOneStatement,
			"SELECT * FROM items) AS x; DELETE FROM items; SELECT * FROM (SELECT 1": repository.ErrOneStatement,
			"DELETE FROM items RETURNING id":                                        repository.ErrReadOnly,
			"WITH d AS (DELETE FROM items RETURNING *) SELECT * FROM d":             repository.ErrReadOnly,
		} {
			if _, err := sqlsource.New(context.Background(), repository.SourceDatabase(s), source.ReadQuery{SQL: query, Key: "id"}); !errors.Is(err, want) {
				t.Errorf("New(%q) = %v, want %v", query, err, want)
			}
		}
		_, rows, err := s.ReadPage(context.Background(), repository.ReadQuery{Table: "items", Key: "id", Limit: 10}, nil)
		if err != nil || len(rows) != 3 {
			t.Fatalf("items after the refused queries: %v %v", rows, err)
		}
	})
}
