package migrations_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/drivers"
)

func open(t *testing.T, raw string, opts ...migrations.Option) *migrations.Migrator {
	t.Helper()
	u, err := dburl.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrations.New(context.Background(), u, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func version(t *testing.T, m *migrations.Migrator) uint {
	t.Helper()
	v, dirty, err := m.Version(context.Background())
	if err != nil || dirty {
		t.Fatalf("version %d dirty=%v err=%v", v, dirty, err)
	}
	return v
}

func tableExists(t *testing.T, raw, table string) bool {
	t.Helper()
	ok, err := store(t, raw).HasTable(context.Background(), table)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// store opens the database at raw for the test's own queries.
func store(t *testing.T, raw string) *repository.Store {
	t.Helper()
	s, err := repository.Open(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestUpDownGotoStatus(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, raw string) {
		m := open(t, raw)
		last := m.Files()[len(m.Files())-1].Version
		if n, err := m.Up(ctx); err != nil || n != len(m.Files()) {
			t.Fatalf("Up = %d, %v", n, err)
		}
		if n, err := m.Up(ctx); err != nil || n != 0 {
			t.Fatalf("second Up = %d, %v; want 0, nil", n, err)
		}
		st, err := m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if !s.Applied {
				t.Fatalf("%s not applied after Up", s.Name)
			}
		}
		if _, err := m.Down(ctx, 1); err != nil || version(t, m) != m.Files()[len(m.Files())-2].Version {
			t.Fatalf("Down 1: %v, version %d", err, version(t, m))
		}
		if _, err := m.Goto(ctx, 1); err != nil || tableExists(t, raw, "load_runs") {
			t.Fatalf("Goto 1: %v; load_runs must be gone with the bookkeeping migration", err)
		}
		if _, err := m.Down(ctx, 5); !errors.Is(err, migrations.ErrTooFar) {
			t.Fatalf("Down 5 = %v, want ErrTooFar", err)
		}
		if _, err := m.Goto(ctx, 0); err != nil || version(t, m) != 0 {
			t.Fatalf("Goto 0: %v", err)
		}
		if _, err := m.Goto(ctx, 99); !errors.Is(err, migrations.ErrNoVersion) {
			t.Fatalf("Goto 99 = %v, want ErrNoVersion", err)
		}
		if err := m.Force(ctx, 42); !errors.Is(err, migrations.ErrNoVersion) || version(t, m) != 0 {
			t.Fatalf("Force 42 = %v, want ErrNoVersion and version unchanged", err)
		}
		if _, err := m.Up(ctx); err != nil || version(t, m) != last {
			t.Fatalf("Up after Goto 0: %v", err)
		}
	})
}

// brokenFS is the embedded migrations plus one more that creates a table
// and then fails.
func brokenFS(t *testing.T) fs.FS {
	return withMigration(t, "9003_broken", "CREATE TABLE half_done (x integer);\n\nALTER TABLE no_such_table\n  ADD COLUMN y integer;\n", "DROP TABLE half_done;\n")
}

// withMigration is the embedded migrations plus name (NNNN_what, after
// every embedded one) with the same up and down text on both dialects.
func withMigration(t *testing.T, name, up, down string) fstest.MapFS {
	fsys := fstest.MapFS{}
	err := fs.WalkDir(migrations.Embedded, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.Embedded, p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drivers.Names() {
		fsys[d+"/"+name+".up.sql"] = &fstest.MapFile{Data: []byte(up)}
		fsys[d+"/"+name+".down.sql"] = &fstest.MapFile{Data: []byte(down)}
	}
	return fsys
}

// driverOf returns the driver of the database at raw.
func driverOf(t *testing.T, raw string) driver.Driver {
	t.Helper()
	d, _, err := drivers.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// embeddedFiles returns the embedded migrations of the dialect of raw.
func embeddedFiles(t *testing.T, raw string) []migrations.File {
	t.Helper()
	files, err := migrations.ReadFiles(migrations.Embedded, driverOf(t, raw).Dir())
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestFailedMigrationRollsBackAndStaysClean(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, raw string) {
		m := open(t, raw, migrations.WithFS(brokenFS(t)))
		n, err := m.Up(ctx)
		var merr *migrations.MigrationError
		if !errors.As(err, &merr) {
			t.Fatalf("Up = %v, want a MigrationError", err)
		}
		embedded := embeddedFiles(t, raw)
		last := embedded[len(embedded)-1].Version
		if !strings.Contains(merr.Statement, "ALTER TABLE no_such_table ADD COLUMN y integer") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("error should name the statement on one line: %q", err)
		}
		if !transactionalDDL(t, raw) {
			requireLeftDirty(t, m, raw, err, merr, n, len(embedded), last)
			return
		}
		if n != len(embedded) || merr.File != "9003_broken.up.sql" || merr.Version != last || merr.Dirty {
			t.Fatalf("applied %d, error %+v", n, merr)
		}
		if v := version(t, m); v != last {
			t.Fatalf("version %d, want %d", v, last)
		}
		if tableExists(t, raw, "half_done") {
			t.Fatal("the failed file's first statement was not rolled back")
		}
	})
}

// transactionalDDL reports whether the database of raw rolls DDL back.
func transactionalDDL(t *testing.T, raw string) bool {
	t.Helper()
	return driverOf(t, raw).TransactionalDDL()
}

// requireLeftDirty checks what a failed 9003_broken leaves where DDL
// commits implicitly: its first statement applied, version 9003 dirty, an
// error that says what to inspect and how to force either way, and a
// database every command refuses until it is forced.
func requireLeftDirty(t *testing.T, m *migrations.Migrator, raw string, err error, merr *migrations.MigrationError, n, embedded int, last uint) {
	t.Helper()
	ctx := context.Background()
	if n != embedded || merr.File != "9003_broken.up.sql" || merr.Version != 9003 || !merr.Dirty {
		t.Fatalf("applied %d, error %+v", n, merr)
	}
	for _, want := range []string{"not transactional", "9003_broken.up.sql", "dirty", "inspect the schema", "`loader migrate force 9003`", fmt.Sprintf("`loader migrate force %d`", last)} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if v, dirty, verr := m.Version(ctx); verr != nil || v != 9003 || !dirty {
		t.Fatalf("version %d dirty=%v (%v), want 9003 dirty", v, dirty, verr)
	}
	if !tableExists(t, raw, "half_done") {
		t.Fatal("the statement before the failing one is not applied")
	}
	if _, err := m.Up(ctx); !errors.Is(err, migrations.ErrDirty) {
		t.Fatalf("Up on a dirty database = %v, want ErrDirty", err)
	}
	if err := m.Force(ctx, last); err != nil {
		t.Fatal(err)
	}
	if v := version(t, m); v != last {
		t.Fatalf("version %d after force, want %d", v, last)
	}
}

func TestConcurrentUpOnPostgresWaits(t *testing.T) {
	ctx := context.Background()
	raw := dbtest.Postgres(t)
	var wg sync.WaitGroup
	applied := make([]int, 3)
	errs := make([]error, 3)
	for i := range applied {
		m := open(t, raw)
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied[i], errs[i] = m.Up(ctx)
		}()
	}
	wg.Wait()
	total := 0
	for i := range applied {
		if errs[i] != nil {
			t.Fatalf("Up %d: %v", i, errs[i])
		}
		total += applied[i]
	}
	if m := open(t, raw); total != len(m.Files()) || version(t, m) != m.Files()[len(m.Files())-1].Version {
		t.Fatalf("applied %d migrations in total across 3 concurrent Ups, want %d", total, len(m.Files()))
	}
}

func TestUnreachableAndBadFolder(t *testing.T) {
	ctx := context.Background()
	u, _ := dburl.Parse("postgres://bob:s3cret@127.0.0.1:1/nope")
	_, err := migrations.New(ctx, u)
	if !errors.Is(err, migrations.ErrUnreachable) || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("New = %v, want ErrUnreachable without the password", err)
	}
	u, _ = dburl.Parse(dbtest.SQLite(t))
	bad := fstest.MapFS{"sqlite/1_init.sql": &fstest.MapFile{}}
	if _, err := migrations.New(ctx, u, migrations.WithFS(bad)); !errors.Is(err, migrations.ErrBadFiles) {
		t.Fatalf("New with misnamed file = %v, want ErrBadFiles", err)
	}
}
