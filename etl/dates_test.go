package etl_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// datedRow is a table with a date column (no shipped model has one).
type datedRow struct {
	ID    int64      `gorm:"primaryKey;autoIncrement:false"`
	D     *time.Time `gorm:"type:date"`
	Label string     `gorm:"type:text;not null"`
}

func (datedRow) TableName() string { return "dated_rows" }

// datedCopy is what a SQL source copies dated_rows into.
type datedCopy struct {
	ID    int64      `gorm:"primaryKey;autoIncrement:false"`
	D     *time.Time `gorm:"type:date"`
	Label string     `gorm:"type:text;not null"`
}

func (datedCopy) TableName() string { return "dated_copy" }

const datesYAML = `
pipelines:
  dates:
    source:
      csv: {path: dates.csv}
    target: dated_rows
    mode: append
    steps:
      - cast: {column: id, to: int}
      - cast: {column: d, to: date}
  stamps:
    source:
      csv: {path: stamps.csv}
    target: dated_rows
    mode: upsert
    keys: [id]
    steps:
      - cast: {column: id, to: int}
  copy:
    source:
      sql: {table: dated_rows, key: id, page_size: 3}
    target: dated_copy
    mode: append
`

// The rows: 1998-06-12, the ends of 1998, the days around them, a NULL.
const datesCSV = "id,d,label\n1,1998-06-12,a\n2,1998-01-01,b\n3,1998-12-31,c\n4,1997-12-31,d\n5,1999-01-01,e\n6,,f\n"

// stampsCSV holds times of day on 1998-06-12 (UTC).
const stampsCSV = "id,d,label\n7,1998-06-12T23:30:00Z,g\n8,1998-06-13T01:00:00+02:00,h\n"

// dateAnswers are what the same queries answer on a table of dates.
type dateAnswers struct {
	OnDay, InYear, After int64
	Order, Groups        string
}

func askDates(t *testing.T, s *repository.Store, table string) dateAnswers {
	t.Helper()
	ctx := context.Background()
	var a dateAnswers
	err := s.Scope(ctx, func(sess *repository.Session) error {
		db := sess.Gorm(ctx)
		for q, dst := range map[string]*int64{
			"SELECT count(*) FROM " + table + " WHERE d = '1998-06-12'":                        &a.OnDay,
			"SELECT count(*) FROM " + table + " WHERE d BETWEEN '1998-01-01' AND '1998-12-31'": &a.InYear,
			"SELECT count(*) FROM " + table + " WHERE d > '1998-06-12'":                        &a.After,
		} {
			if err := db.Raw(q).Scan(dst).Error; err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		var ids []int64
		if err := db.Raw("SELECT id FROM " + table + " WHERE d IS NOT NULL ORDER BY d, id").Scan(&ids).Error; err != nil {
			return err
		}
		a.Order = fmt.Sprint(ids)
		var groups []struct {
			D time.Time
			N int64
		}
		if err := db.Raw("SELECT d, count(*) AS n FROM " + table + " WHERE d IS NOT NULL GROUP BY d ORDER BY d").Scan(&groups).Error; err != nil {
			return err
		}
		var g []string
		for _, x := range groups {
			g = append(g, fmt.Sprintf("%s=%d", x.D.UTC().Format(time.DateOnly), x.N))
		}
		a.Groups = strings.Join(g, " ")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// readDates reads the table back through GORM: id → date, "" for NULL.
// Every date must read back as midnight UTC.
func readDates[T any](t *testing.T, s *repository.Store, date func(T) (int64, *time.Time)) map[int64]string {
	t.Helper()
	ctx := context.Background()
	var rows []T
	if err := s.Scope(ctx, func(sess *repository.Session) error { return sess.Gorm(ctx).Find(&rows).Error }); err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, r := range rows {
		id, d := date(r)
		if d == nil {
			out[id] = ""
			continue
		}
		if y, m, day := d.Date(); !d.Equal(time.Date(y, m, day, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("row %d reads back as %s, not midnight UTC", id, d)
		}
		out[id] = d.UTC().Format(time.DateOnly)
	}
	return out
}

// A date column gives the same answers on every database: equality with a
// date literal, BETWEEN, ORDER BY and GROUP BY; it reads back (GORM, the
// SQL source) as the same calendar date at midnight UTC. A time of day
// loaded into it keeps its UTC date.
func TestDateColumnsAnswerAlikeOnEveryDatabase(t *testing.T) {
	// Row 8 is 1998-06-12 23:00 UTC.
	want := dateAnswers{OnDay: 3, InYear: 5, After: 2, Order: "[4 2 1 7 8 3 5]",
		Groups: "1997-12-31=1 1998-01-01=1 1998-06-12=3 1998-12-31=1 1999-01-01=1"}
	wantRows := map[int64]string{1: "1998-06-12", 2: "1998-01-01", 3: "1998-12-31", 4: "1997-12-31", 5: "1999-01-01", 6: "", 7: "1998-06-12", 8: "1998-06-12"}
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		ctx := context.Background()
		err := e.store.Scope(ctx, func(sess *repository.Session) error {
			return sess.Exec(ctx, "CREATE TABLE dated_rows (id bigint NOT NULL PRIMARY KEY, d date, label text NOT NULL)",
				"CREATE TABLE dated_copy (id bigint NOT NULL PRIMARY KEY, d date, label text NOT NULL)")
		})
		if err != nil {
			t.Fatal(err)
		}
		if d, err := e.store.Drift(ctx, &datedRow{}, &datedCopy{}); err != nil || len(d) != 0 {
			t.Fatalf("Drift = %v, %v", d, err)
		}
		e.file("dates.csv", datesCSV)
		e.file("stamps.csv", stampsCSV)
		for _, name := range []string{"dates", "stamps", "copy"} {
			res, err := e.runDated(name)
			if err != nil || res.Rejected != 0 || res.Loaded == 0 {
				t.Fatalf("run %s: %+v, %v", name, res, err)
			}
		}
		rows := readDates(t, e.store, func(r datedRow) (int64, *time.Time) { return r.ID, r.D })
		copied := readDates(t, e.store, func(r datedCopy) (int64, *time.Time) { return r.ID, r.D })
		for table, got := range map[string]map[int64]string{"dated_rows": rows, "dated_copy (through the SQL source)": copied} {
			if fmt.Sprint(got) != fmt.Sprint(wantRows) {
				t.Errorf("%s reads back as %v, want %v", table, got, wantRows)
			}
		}
		for _, table := range []string{"dated_rows", "dated_copy"} {
			if got := askDates(t, e.store, table); got != want {
				t.Errorf("%s answers %+v, want %+v", table, got, want)
			}
		}
	})
}

func (e *env) runDated(name string) (etl.Result, error) {
	e.t.Helper()
	f, err := spec.Load(e.file("pipelines.yaml", datesYAML), func(string) string { return "" })
	if err != nil {
		e.t.Fatal(err)
	}
	o := spec.Options{Targets: repository.NewTargets(e.store, &datedRow{}, &datedCopy{}), Databases: repository.OpenDatabases(e.store)}
	p, closeFn, err := f.Build(context.Background(), name, o)
	if err != nil {
		e.t.Fatal(err)
	}
	defer closeFn()
	return e.run(p)
}
