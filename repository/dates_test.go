package repository_test

import (
	"context"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

type dayRow struct {
	ID int64     `gorm:"primaryKey;autoIncrement:false"`
	D  time.Time `gorm:"type:date;not null"`
}

func (dayRow) TableName() string { return "day_rows" }

// The bulk writers store a date column's UTC calendar date, whatever the
// time of day or zone of the value and whichever path the rows take
// (COPY on PostgreSQL; LOAD DATA or INSERT on MySQL; INSERT on SQLite, as
// 'YYYY-MM-DD' text), and it reads back as midnight UTC.
func TestBulkWritesStoreTheUTCDate(t *testing.T) {
	plus5 := time.FixedZone("UTC+5", 5*3600)
	first := time.Date(1998, 6, 1, 0, 0, 0, 0, time.UTC)
	day := func(i int) time.Time { return first.AddDate(0, 0, i) }
	var rows [][]any
	for i := range 43 {
		var v time.Time
		switch i % 3 {
		case 0:
			v = day(i)
		case 1:
			v = day(i).Add(23*time.Hour + 30*time.Minute)
		default:
			v = day(i).Add(22 * time.Hour).In(plus5) // 03:00 the next day at +05:00
		}
		rows = append(rows, []any{int64(i), v})
	}
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		ctx := context.Background()
		tbl, err := s.TableOf(&dayRow{})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Scope(ctx, func(sess *repository.Session) error { // DDL commits on MySQL: a scope of its own
			return sess.Exec(ctx, "CREATE TABLE day_rows (id bigint NOT NULL PRIMARY KEY, d date NOT NULL)")
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Scope(ctx, func(sess *repository.Session) error {
			if _, err := sess.AppendRows(ctx, tbl, rows[:40]); err != nil { // LOAD DATA on MySQL
				return err
			}
			_, _, err := sess.UpsertRows(ctx, tbl, []string{"id"}, rows[40:], false) // INSERT on MySQL
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		count := func(where string) int64 {
			t.Helper()
			var n int64
			err := s.Scope(ctx, func(sess *repository.Session) error {
				return sess.Gorm(ctx).Raw("SELECT count(*) FROM day_rows WHERE " + where).Scan(&n).Error
			})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for where, want := range map[string]int64{
			"d = '1998-06-12'": 1, "d BETWEEN '1998-06-01' AND '1998-06-30'": 30, "d >= '1998-07-01'": 13, "d < '1998-06-01'": 0,
		} {
			if got := count(where); got != want {
				t.Errorf("WHERE %s counts %d, want %d", where, got, want)
			}
		}
		if s.Dialect() == "sqlite" {
			if got := count("typeof(d) = 'text' AND length(d) = 10"); got != int64(len(rows)) {
				t.Errorf("%d of %d dates are stored as YYYY-MM-DD text", got, len(rows))
			}
		}
		var back []dayRow
		if err := s.Scope(ctx, func(sess *repository.Session) error { return sess.Gorm(ctx).Order("id").Find(&back).Error }); err != nil {
			t.Fatal(err)
		}
		if len(back) != len(rows) {
			t.Fatalf("read %d rows, want %d", len(back), len(rows))
		}
		for i, r := range back {
			if !r.D.Equal(day(i)) || r.D.Location() != time.UTC {
				t.Errorf("row %d (%s) reads back as %s, want %s", i, rows[i][1], r.D, day(i))
			}
		}
	})
}
