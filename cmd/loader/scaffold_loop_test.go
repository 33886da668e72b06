package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/testmod"
	"github.com/warehouse-loader/loader/repository"
)

// Files the project has never seen: ZIP codes with leading zeros,
// decimals of varying scale, US dates, ISO timestamps with a T, yes/no,
// empty cells, NA for a missing decimal and headers with spaces; a JSON array with nulls, mixed
// integers and decimals, dates like "Jun 12 1998", nested values and a
// key the first object lacks.
const (
	loopCSV = `Store ZIP,US Gross,Release Date,Opened At,Open,Manager,Head Count
00501,1234.5,12/31/2024,2024-01-02T03:04:05Z,yes,Ann,12
02134,99.125,01/05/2023,2024-06-30T23:59:59.5,no,,7
10001,-0.25,02/29/2024,,yes,"Smith, Jo",
90210,NA,03/01/2024,,no,Lee,3
`
	loopJSON = `[
  {"sku": "A-1", "price": 12, "released": "Jun 12 1998", "meta": {"color": "red", "tags": [1, 2]}, "stock": null, "active": true},
  {"sku": "B-2", "price": 12.75, "released": "Jan 3 2001", "meta": null, "stock": 4, "active": false},
  {"sku": "C-3", "price": "", "released": "", "meta": {"color": "blue"}, "stock": 0, "active": null},
  {"sku": "D-4", "price": 7, "released": "Feb 1 2010", "stock": 2, "active": true, "note": "a key the first object lacks"}
]
`
)

// TestScaffoldLoop is the whole loop a new user runs, on a copy of the
// project: loader scaffold for a CSV (with --key) and a JSON file
// (without), a build of the copy, gofmt and vet of what was written,
// then on SQLite, PostgreSQL and MariaDB migrate up, migrate check and
// both runs, every row loaded with exact values and no hand edit (a JSON
// "" in a typed column is NULL, as an empty CSV field is, and so is a
// CSV's NA).
func TestScaffoldLoop(t *testing.T) {
	proj := testmod.Copy(t, filepath.Join("..", ".."))
	writeLoopFile(t, filepath.Join(proj, "data", "stores.csv"), loopCSV)
	writeLoopFile(t, filepath.Join(proj, "data", "catalog.json"), loopJSON)
	bin := loaderBinary(t)
	out := inProject(t, proj, bin, nil, "scaffold", "stores", "--from", "data/stores.csv", "--key", "Store ZIP")
	for _, want := range []string{"wrote models/stores.go", "_create_stores.up.sql", "wrote pipelines.yaml", "make migrate", "bin/loader run stores"} {
		if !strings.Contains(out, want) {
			t.Errorf("scaffold stores printed %q, want it to say %q", out, want)
		}
	}
	inProject(t, proj, bin, nil, "scaffold", "catalog", "--from", "data/catalog.json")
	// An integer key is the file's own value, not a serial; a phone
	// number with a + stays text.
	writeLoopFile(t, filepath.Join(proj, "data", "people.csv"), "Person No,Phone\n7,+4712345678\n42,+15551234567\n3000000000,\n")
	inProject(t, proj, bin, nil, "scaffold", "people", "--from", "data/people.csv", "--key", "Person No")
	inProject(t, proj, "go", nil, "build", "-o", "bin/loader", "./cmd/loader")
	if out := inProject(t, proj, "gofmt", nil, "-l", "."); out != "" {
		t.Errorf("gofmt -l lists %s", out)
	}
	inProject(t, proj, "go", nil, "vet", "./models/")
	built := filepath.Join(proj, "bin", "loader")
	dbtest.Each(t, func(t *testing.T, url string) {
		env := map[string]string{"LOADER_DATABASE_URL": url}
		inProject(t, proj, built, env, "migrate", "up")
		inProject(t, proj, built, env, "migrate", "check")
		for p, n := range map[string]string{"stores": "4", "catalog": "4", "people": "3"} {
			if out := inProject(t, proj, built, env, "run", p); !strings.Contains(out, n+" read, "+n+" loaded, 0 rejected") {
				t.Errorf("run %s: %s", p, out)
			}
		}
		checkStores(t, url)
		checkCatalog(t, url)
		checkTable(t, url, "SELECT person_no, phone FROM people ORDER BY person_no", []personRow{
			{7, ptr("+4712345678")}, {42, ptr("+15551234567")}, {3000000000, nil},
		})
	})
}

type personRow struct {
	PersonNo int64
	Phone    *string
}

type storeRow struct {
	StoreZIP    string `gorm:"column:store_zip"`
	UsGross     decimal.NullDecimal
	ReleaseDate time.Time
	OpenedAt    *time.Time
	Open        bool
	Manager     *string
	HeadCount   *int64
}

func checkStores(t *testing.T, url string) {
	t.Helper()
	ts := func(s string) *time.Time { v, _ := time.Parse(time.RFC3339Nano, s); return &v }
	want := []storeRow{
		{"00501", exact("1234.5"), *day("2024-12-31"), ts("2024-01-02T03:04:05Z"), true, ptr("Ann"), ptr[int64](12)},
		{"02134", exact("99.125"), *day("2023-01-05"), ts("2024-06-30T23:59:59.5Z"), false, nil, ptr[int64](7)},
		{"10001", exact("-0.25"), *day("2024-02-29"), nil, true, ptr("Smith, Jo"), nil},
		{"90210", decimal.NullDecimal{}, *day("2024-03-01"), nil, false, ptr("Lee"), ptr[int64](3)},
	}
	checkTable(t, url, "SELECT store_zip, us_gross, release_date, opened_at, open, manager, head_count FROM stores ORDER BY store_zip", want)
}

type catalogRow struct {
	Sku      string
	Price    decimal.NullDecimal
	Released *time.Time
	Meta     *string
	Stock    *int64
	Active   *bool
	Note     *string
}

func checkCatalog(t *testing.T, url string) {
	t.Helper()
	want := []catalogRow{
		{"A-1", exact("12"), day("1998-06-12"), ptr(`{"color":"red","tags":[1,2]}`), nil, ptr(true), nil},
		{"B-2", exact("12.75"), day("2001-01-03"), nil, ptr[int64](4), ptr(false), nil},
		{"C-3", decimal.NullDecimal{}, nil, ptr(`{"color":"blue"}`), ptr[int64](0), nil, nil},
		{"D-4", exact("7"), day("2010-02-01"), nil, ptr[int64](2), ptr(true), ptr("a key the first object lacks")},
	}
	checkTable(t, url, "SELECT sku, price, released, meta, stock, active, note FROM catalog ORDER BY id", want)
}

func ptr[T any](v T) *T { return &v }

// day returns midnight UTC of an ISO date.
func day(s string) *time.Time {
	v, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &v
}

// exact returns the decimal s, not NULL.
func exact(s string) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: decimal.RequireFromString(s), Valid: true}
}

// checkTable compares the rows of query on the database at url with
// want, field by field: decimals by value, times as instants.
func checkTable[T any](t *testing.T, url, query string, want []T) {
	t.Helper()
	var got []T
	ctx := context.Background()
	s, err := repository.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	if err := s.Query(ctx, func(db *gorm.DB) error { return db.Raw(query).Scan(&got).Error }); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	table := reflect.TypeFor[T]().Name()
	if len(got) != len(want) {
		t.Fatalf("%s has %d rows, want %d: %+v", table, len(got), len(want), got)
	}
	for i := range want {
		g, w := reflect.ValueOf(got[i]), reflect.ValueOf(want[i])
		for f := range g.NumField() {
			if !sameValue(g.Field(f).Interface(), w.Field(f).Interface()) {
				t.Errorf("%s row %d %s = %v, want %v", table, i+1, g.Type().Field(f).Name, show(g.Field(f)), show(w.Field(f)))
			}
		}
	}
}

func sameValue(a, b any) bool {
	switch a := a.(type) {
	case decimal.NullDecimal:
		b := b.(decimal.NullDecimal)
		return a.Valid == b.Valid && a.Decimal.Equal(b.Decimal)
	case time.Time:
		return a.Equal(b.(time.Time))
	case *time.Time:
		b := b.(*time.Time)
		return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
	}
	return reflect.DeepEqual(a, b)
}

func show(v reflect.Value) any {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "NULL"
		}
		return v.Elem().Interface()
	}
	return v.Interface()
}

func writeLoopFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// inProject runs a command in the project folder dir, with the test's
// environment minus its LOADER_* variables plus env, fails the test on a
// non-zero exit and returns its standard output.
func inProject(t *testing.T, dir, name string, env map[string]string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LOADER_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}
