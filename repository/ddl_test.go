package repository_test

import (
	"context"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// applyPair writes up and down as the next migration of a scratch folder
// (migrations.WriteNext) and runs it up with the real migrator; the
// migrator is returned to run it down.
func applyPair(t *testing.T, raw, dir, name, up, down string) *migrations.Migrator {
	t.Helper()
	ctx := context.Background()
	u, err := dburl.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	s := openStore(t, raw)
	dialect := string(s.Dialect())
	if _, _, err := migrations.WriteNext(dir, name, map[string]migrations.Pair{dialect: {Up: up, Down: down}}); err != nil {
		t.Fatal(err)
	}
	m, err := migrations.New(ctx, u, migrations.WithFS(os.DirFS(dir)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Close() })
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("migrating %s up:\n%s\n%v", name, up, err)
	}
	return m
}

// wantNoDrift fails when the models and the database differ.
func wantNoDrift(t *testing.T, s *repository.Store, ms ...any) {
	t.Helper()
	d, err := s.Drift(context.Background(), ms...)
	if err != nil {
		t.Fatal(err)
	}
	if len(d) != 0 {
		t.Fatalf("drift after the generated migration: %q", d)
	}
}

// CreateTableSQL of the shipped models writes tables that pass the drift
// check, on every dialect, and its down drops them.
func TestCreateTableSQLShippedModels(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		var up, down []string
		for _, m := range models.All() {
			u, d, err := repository.CreateTableSQL(string(s.Dialect()), m, "")
			if err != nil {
				t.Fatal(err)
			}
			up, down = append(up, u), append([]string{d}, down...)
		}
		m := applyPair(t, raw, t.TempDir(), "create_all", strings.Join(up, "\n"), strings.Join(down, "\n"))
		wantNoDrift(t, s, models.All()...)
		if _, err := m.Down(context.Background(), 1); err != nil {
			t.Fatalf("migrating down: %v", err)
		}
		d, err := s.Drift(context.Background(), models.All()...)
		if err != nil {
			t.Fatal(err)
		}
		if len(d) != len(models.All()) || !strings.Contains(d[0].Problem, "missing from the database") {
			t.Fatalf("after down, drift = %q; want every table missing", d)
		}
	})
}

// runtimeThing is the named twin of runtimeModel, for the drift check.
type runtimeThing struct {
	ID      int64     `gorm:"primaryKey;autoIncrement"`
	Code    string    `gorm:"type:text;not null;uniqueIndex"`
	Amount  float64   `gorm:"precision:12;scale:2;not null"`
	SeenAt  time.Time `gorm:"not null"`
	Comment *string   `gorm:"type:text"`
}

func (runtimeThing) TableName() string { return "runtime_things" }

// runtimeModel builds runtimeThing's struct with reflect.StructOf, as a
// model built at run time is: no name, no TableName method.
func runtimeModel() any {
	var fields []reflect.StructField
	typ := reflect.TypeOf(runtimeThing{})
	for i := range typ.NumField() {
		f := typ.Field(i)
		fields = append(fields, reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag})
	}
	return reflect.New(reflect.StructOf(fields)).Interface()
}

// A model built with reflect.StructOf gets its table from the table
// argument, and without one the error says to give one.
func TestCreateTableSQLRuntimeModel(t *testing.T) {
	if _, _, err := repository.CreateTableSQL("sqlite", runtimeModel(), ""); err == nil || !strings.Contains(err.Error(), "no table name") {
		t.Fatalf("CreateTableSQL without a table = %v; want a no-table-name error", err)
	}
	if _, _, err := repository.CreateTableSQL("oracle", &runtimeThing{}, ""); err == nil || !strings.Contains(err.Error(), "postgres") {
		t.Fatalf("CreateTableSQL(oracle) = %v; want an error listing the drivers", err)
	}
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		up, down, err := repository.CreateTableSQL(string(s.Dialect()), runtimeModel(), "runtime_things")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(strings.Split(up, "\n"), func(l string) bool { return strings.Contains(l, "runtime_things") }) {
			t.Fatalf("up does not name the table:\n%s", up)
		}
		m := applyPair(t, raw, t.TempDir(), "create_runtime_things", up, down)
		wantNoDrift(t, s, &runtimeThing{})
		if _, err := m.Down(context.Background(), 1); err != nil {
			t.Fatalf("migrating down: %v", err)
		}
	})
}
