package migrations_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/repository"
)

// exec runs stmt on the database at raw, for setting a state by hand.
func exec(t *testing.T, raw, stmt string) {
	t.Helper()
	ctx := context.Background()
	if err := store(t, raw).Scope(ctx, func(sess *repository.Session) error { return sess.Exec(ctx, stmt) }); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

// slowUp is a migration that writes a table, works for a while, then
// writes another: PostgreSQL and MySQL sleep, SQLite inserts rows from a
// recursive query.
func slowUp(t *testing.T, raw string, rows int) string {
	t.Helper()
	var work string
	switch d := driverOf(t, raw).Name(); d {
	case "postgres":
		work = "SELECT pg_sleep(2);"
	case "mysql":
		work = "DO SLEEP(2);"
	case "sqlite":
		work = fmt.Sprintf("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %d) INSERT INTO slow_a SELECT x FROM c;", rows)
	default:
		t.Fatalf("no fixture for dialect %s", d)
	}
	return "CREATE TABLE slow_a (x integer);\n" + work + "\nCREATE TABLE slow_b (x integer);\n"
}

// A migration cancelled half way (the loader's Ctrl-C) leaves the version
// it started from, clean, and none of its changes: the file and its
// version row are one transaction.
func TestCancelledMigrationLeavesTheOldVersionClean(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		fsys := withMigration(t, "9001_slow", slowUp(t, raw, 5_000_000), "DROP TABLE slow_b;\nDROP TABLE slow_a;\n")
		m := open(t, raw, migrations.WithFS(fsys))
		embedded := embeddedFiles(t, raw)
		if _, err := m.Goto(context.Background(), embedded[len(embedded)-1].Version); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		if n, err := m.Up(ctx); err == nil || n != 0 {
			t.Fatalf("Up under a 300 ms deadline = %d, %v; want the slow migration stopped", n, err)
		}
		if !transactionalDDL(t, raw) {
			// DDL commits implicitly: slow_a stays, and the version is dirty.
			if v, dirty, err := m.Version(context.Background()); err != nil || v != 9001 || !dirty || !tableExists(t, raw, "slow_a") || tableExists(t, raw, "slow_b") {
				t.Fatalf("version %d dirty=%v (%v), want 9001 dirty with slow_a only", v, dirty, err)
			}
			return
		}
		if v := version(t, m); v != embedded[len(embedded)-1].Version {
			t.Fatalf("version %d after the cancelled migration, want %d", v, embedded[len(embedded)-1].Version)
		}
		if tableExists(t, raw, "slow_a") {
			t.Fatal("slow_a, created before the cancellation, was not rolled back")
		}
	})
}

// A database left dirty by something outside a transaction (the
// golang-migrate CLI, an older loader) is refused with the file to check
// and the two commands that get out of it.
func TestDirtyDatabaseSaysWhichFileToCheck(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, raw string) {
		m := open(t, raw)
		if _, err := m.Up(ctx); err != nil {
			t.Fatal(err)
		}
		files := m.Files()
		last, prev := files[len(files)-1], files[len(files)-2]
		exec(t, raw, "UPDATE schema_migrations SET dirty = true")
		_, err := m.Up(ctx)
		want := fmt.Sprintf("schema_migrations is dirty at version %d (%s was interrupted outside a transaction); check whether its changes are in the database: if they are, run `loader migrate force %d`, if not `loader migrate force %d`, then `loader migrate up`",
			last.Version, last.Up, last.Version, prev.Version)
		if !errors.Is(err, migrations.ErrDirty) || err.Error() != want {
			t.Fatalf("Up on a dirty database = %v\nwant ErrDirty: %s", err, want)
		}
		if _, err := m.Down(ctx, 1); !errors.Is(err, migrations.ErrDirty) {
			t.Fatalf("Down on a dirty database = %v, want ErrDirty", err)
		}
		if err := m.Force(ctx, last.Version); err != nil || version(t, m) != last.Version {
			t.Fatalf("Force %d: %v", last.Version, err)
		}
	})
}

func TestRequireCurrent(t *testing.T) {
	files := []migrations.File{
		{Version: 1, Name: "0001_a", Up: "0001_a.up.sql", Down: "0001_a.down.sql"},
		{Version: 2, Name: "0002_b", Up: "0002_b.up.sql", Down: "0002_b.down.sql"},
	}
	tests := []struct {
		v     uint
		dirty bool
		is    error
		want  string
	}{
		{2, false, nil, ""},
		{3, false, nil, ""}, // extra migrations from a folder of one's own
		{0, false, migrations.ErrOutOfDate, "the warehouse schema is at version 0, the loader needs 2: run `loader migrate up`"},
		{1, false, migrations.ErrOutOfDate, "the warehouse schema is at version 1, the loader needs 2: run `loader migrate up`"},
		{2, true, migrations.ErrDirty, "dirty at version 2 (0002_b.up.sql was interrupted outside a transaction); check whether its changes are in the database: if they are, run `loader migrate force 2`, if not `loader migrate force 1`, then `loader migrate up`"},
		{1, true, migrations.ErrDirty, "(0001_a.up.sql was interrupted outside a transaction); check whether its changes are in the database: if they are, run `loader migrate force 1`, if not `loader migrate force 0`, then `loader migrate up`; if it was `loader migrate down` that was interrupted, check 0002_b.down.sql instead: force 1 if its changes are in, 2 if not"},
		{0, true, migrations.ErrDirty, "dirty at version 0 (0001_a.down.sql was interrupted outside a transaction); check whether its changes are in the database: if they are, run `loader migrate force 0`, if not `loader migrate force 1`"},
		{7, true, migrations.ErrDirty, "dirty at version 7, which no migration file has"},
	}
	for _, tt := range tests {
		err := migrations.RequireCurrent(files, tt.v, tt.dirty)
		if tt.is == nil {
			if err != nil {
				t.Errorf("version %d: %v, want nil", tt.v, err)
			}
			continue
		}
		if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("version %d dirty=%v: %v\nwant %v containing %q", tt.v, tt.dirty, err, tt.is, tt.want)
		}
	}
}

// Where DDL commits implicitly a file runs statement by statement, all on
// one connection: a session variable set by one statement is there for the
// next (a NULL would be refused by the NOT NULL column).
func TestStatementByStatementMigrationKeepsItsSession(t *testing.T) {
	raw := dbtest.MySQL(t)
	fsys := withMigration(t, "9004_session",
		"SET @answer = 42;\nCREATE TABLE session_kept (x integer NOT NULL);\nSET @answer = @answer + 0;\nINSERT INTO session_kept VALUES (@answer);\n",
		"DROP TABLE session_kept;\n")
	m := open(t, raw, migrations.WithFS(fsys))
	if _, err := m.Up(context.Background()); err != nil {
		t.Fatalf("Up: %v", err)
	}
	if v := version(t, m); v != 9004 {
		t.Fatalf("version %d, want 9004", v)
	}
}
