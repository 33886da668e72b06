package repository_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// WidgetHead is the part of the widgets table no step changes (exported:
// GORM flattens only exported embedded structs).
type WidgetHead struct {
	ID        int64           `gorm:"primaryKey;autoIncrement"`
	Code      string          `gorm:"type:text;not null;uniqueIndex:idx_widgets_code_region"`
	Region    string          `gorm:"type:text;not null;uniqueIndex:idx_widgets_code_region"`
	Price     decimal.Decimal `gorm:"type:numeric(12,2);not null"`
	Qty       int32           `gorm:"not null"`
	Active    bool            `gorm:"not null"`
	LoadRunID int64           `gorm:"not null;index"`
}

// The widgets table, version by version: each step is one kind of change.
type widgetV1 struct {
	WidgetHead
	Big     *int64
	MadeAt  time.Time       `gorm:"not null"`
	Note    *string         `gorm:"type:text"`
	Grade   string          `gorm:"type:text;not null;check:grade IN ('A', 'B')"`
	LoadRun *models.LoadRun `gorm:"constraint:OnDelete:CASCADE"`
}

// widgetV2 adds Color.
type widgetV2 struct {
	WidgetHead
	Big     *int64
	MadeAt  time.Time       `gorm:"not null"`
	Note    *string         `gorm:"type:text"`
	Grade   string          `gorm:"type:text;not null;check:grade IN ('A', 'B')"`
	LoadRun *models.LoadRun `gorm:"constraint:OnDelete:CASCADE"`
	Color   *string         `gorm:"type:text"`
}

// widgetV3 drops Note.
type widgetV3 struct {
	WidgetHead
	Big     *int64
	MadeAt  time.Time       `gorm:"not null"`
	Grade   string          `gorm:"type:text;not null;check:grade IN ('A', 'B')"`
	LoadRun *models.LoadRun `gorm:"constraint:OnDelete:CASCADE"`
	Color   *string         `gorm:"type:text"`
}

// widgetV4 changes Big's type to text.
type widgetV4 struct {
	WidgetHead
	Big     *string         `gorm:"type:text"`
	MadeAt  time.Time       `gorm:"not null"`
	Grade   string          `gorm:"type:text;not null;check:grade IN ('A', 'B')"`
	LoadRun *models.LoadRun `gorm:"constraint:OnDelete:CASCADE"`
	Color   *string         `gorm:"type:text"`
}

// widgetV5 makes MadeAt nullable.
type widgetV5 struct {
	WidgetHead
	Big     *string `gorm:"type:text"`
	MadeAt  *time.Time
	Grade   string          `gorm:"type:text;not null;check:grade IN ('A', 'B')"`
	LoadRun *models.LoadRun `gorm:"constraint:OnDelete:CASCADE"`
	Color   *string         `gorm:"type:text"`
}

// widgetV6 indexes Grade.
type widgetV6 struct {
	WidgetHead
	Big     *string `gorm:"type:text"`
	MadeAt  *time.Time
	Grade   string          `gorm:"type:text;not null;index;check:grade IN ('A', 'B')"`
	LoadRun *models.LoadRun `gorm:"constraint:OnDelete:CASCADE"`
	Color   *string         `gorm:"type:text"`
}

func (widgetV1) TableName() string { return "widgets" }
func (widgetV2) TableName() string { return "widgets" }
func (widgetV3) TableName() string { return "widgets" }
func (widgetV4) TableName() string { return "widgets" }
func (widgetV5) TableName() string { return "widgets" }
func (widgetV6) TableName() string { return "widgets" }

// shippedMigrations copies the embedded migrations of dialect into a
// scratch folder, for generated ones to follow.
func shippedMigrations(t *testing.T, dialect string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, dialect), 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := fs.ReadDir(migrations.Embedded, dialect)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(migrations.Embedded, dialect+"/"+e.Name())
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, dialect, e.Name()), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Step by step — a new table, an added column, a dropped column, a
// changed type, a changed nullability, a new index — DiffSQL writes the
// migration from the database to the model; after it the drift check
// passes, after its down the previous model's passes, on every dialect.
func TestDiffSQLSteps(t *testing.T) {
	steps := []struct {
		name     string
		model    any
		wantInUp string
		wantWarn string
	}{
		{"create_widgets", &widgetV1{}, "CREATE TABLE", ""},
		{"add_color", &widgetV2{}, "ADD COLUMN", ""},
		{"drop_note", &widgetV3{}, "note", ""},
		{"big_to_text", &widgetV4{}, "big", ""},
		{"made_at_nullable", &widgetV5{}, "made_at", ""},
		{"index_grade", &widgetV6{}, "idx_widgets_grade", ""},
	}
	dbtest.Each(t, func(t *testing.T, raw string) {
		ctx := context.Background()
		s := openStore(t, raw)
		dialect := string(s.Dialect())
		dir := shippedMigrations(t, dialect)
		applyPair(t, raw, dir, "noop", "SELECT 1;\n", "SELECT 1;\n")
		wantNoDrift(t, s, models.All()...)
		prev := []any{}
		for _, st := range steps {
			m, err := s.DiffSQL(ctx, st.model)
			if err != nil {
				t.Fatal(err)
			}
			if m.Empty() || !strings.Contains(m.Up[dialect], st.wantInUp) {
				t.Fatalf("%s: up for %s lacks %q:\n%s", st.name, dialect, st.wantInUp, m.Up[dialect])
			}
			for _, d := range []string{"postgres", "sqlite", "mysql"} {
				if m.Up[d] == "" || m.Down[d] == "" {
					t.Fatalf("%s: no SQL for %s", st.name, d)
				}
			}
			if st.name == "index_grade" && !strings.Contains(m.Up["mysql"], "-- widgets: index idx_widgets_grade turns its text columns into VARCHAR(255)") {
				t.Errorf("%s: MySQL's up does not say the text column becomes VARCHAR(255):\n%s", st.name, m.Up["mysql"])
			}
			mg := applyPair(t, raw, dir, st.name, m.Up[dialect], m.Down[dialect])
			wantNoDrift(t, s, st.model)
			if _, err := mg.Down(ctx, 1); err != nil {
				t.Fatalf("%s down:\n%s\n%v", st.name, m.Down[dialect], err)
			}
			if len(prev) > 0 {
				wantNoDrift(t, s, prev...)
			} else if d, _ := s.Drift(ctx, st.model); len(d) != 1 || d[0].Kind != repository.MissingTable {
				t.Fatalf("%s down left %q; want the table gone", st.name, d)
			}
			if _, err := mg.Up(ctx); err != nil {
				t.Fatal(err)
			}
			if m, err := s.DiffSQL(ctx, st.model); err != nil || !m.Empty() {
				t.Fatalf("%s: after up, DiffSQL = %q, %v; want nothing", st.name, m.Up, err)
			}
			if len(prev) == 0 {
				insertWidget(t, s)
			}
			wantWidget(t, s, st.name)
			prev = []any{st.model}
		}
	})
}

// insertWidget writes one widget, which every later migration keeps.
func insertWidget(t *testing.T, s *repository.Store) {
	t.Helper()
	ctx := context.Background()
	err := s.Scope(ctx, func(sess *repository.Session) error {
		return sess.Exec(ctx, "INSERT INTO load_runs (id, pipeline, status, started_at, rows_read, rows_loaded, rows_rejected) VALUES (1, 'p', 'running', '2026-01-01 00:00:00', 0, 0, 0)",
			"INSERT INTO widgets (code, region, price, qty, big, active, made_at, note, grade, load_run_id) VALUES ('c', 'r', 1.50, 2, 3, TRUE, '2026-01-01 00:00:00', 'n', 'A', 1)")
	})
	if err != nil {
		t.Fatal(err)
	}
}

func wantWidget(t *testing.T, s *repository.Store, step string) {
	t.Helper()
	_, rows, err := s.ReadPage(context.Background(), repository.ReadQuery{SQL: "SELECT id, code, region FROM widgets", Key: "id", Limit: 10}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || fmt.Sprint(rows[0][1:]) != "[c r]" {
		t.Fatalf("after %s (up, down, up), widgets = %v; want the one row kept", step, rows)
	}
}

type thingBefore struct {
	ID   int64   `gorm:"primaryKey;autoIncrement"`
	Name *string `gorm:"type:text"`
	Qty  *string `gorm:"type:text"`
}

func (thingBefore) TableName() string { return "things" }

type thingAfter struct {
	ID    int64   `gorm:"primaryKey;autoIncrement"`
	Title *string `gorm:"type:text"`
	Qty   *int64
}

func (thingAfter) TableName() string { return "things" }

// A column dropped and another added may be a rename: the DROP is written
// commented out and a warning names it; a text to integer change warns.
func TestDiffSQLWarns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		ctx := context.Background()
		dialect := string(s.Dialect())
		up, down, err := repository.CreateTableSQL(dialect, &thingBefore{}, "")
		if err != nil {
			t.Fatal(err)
		}
		applyPair(t, raw, t.TempDir(), "create_things", up, down)
		m, err := s.DiffSQL(ctx, &thingAfter{})
		if err != nil {
			t.Fatal(err)
		}
		warn := strings.Join(m.Warnings, "\n")
		for _, w := range []string{"things.qty: the type change from", "may lose data"} {
			if !strings.Contains(warn, w) {
				t.Errorf("warnings %q lack %q", m.Warnings, w)
			}
		}
		for _, d := range []string{"postgres", "sqlite", "mysql"} {
			if !strings.Contains(m.Up[d], "-- things.qty: the type change from") {
				t.Errorf("%s up does not comment the type change that may lose data:\n%s", d, m.Up[d])
			}
		}
		for _, d := range []string{"postgres", "mysql"} {
			if !strings.Contains(m.Up[d], "-- if name was renamed to title, use ALTER TABLE things RENAME COLUMN name TO title") ||
				strings.Contains(m.Up[d], "\nALTER TABLE "+quoteFor(d, "things")+" DROP COLUMN") {
				t.Errorf("%s up does not comment out the DROP of a possible rename:\n%s", d, m.Up[d])
			}
		}
		if !strings.Contains(warn, "things: column name dropped and title added: if this is a rename") {
			t.Errorf("warnings %q do not name the possible rename", m.Warnings)
		}
	})
}

func quoteFor(dialect, name string) string {
	if dialect == "mysql" {
		return "`" + name + "`"
	}
	return `"` + name + `"`
}
