package main

import (
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

const catalogPipelines = `pipelines:
  obs:
    source: {csv: {path: obs.csv}}
    target: weather_obs
    mode: upsert
    steps:
      - cast: {column: rain_mm, to: decimal, scale: 2}
      - cast: {column: temp_c, to: decimal, scale: 1}
      - cast: {column: readings, to: int}
      - cast: {column: windy, to: bool}
  events:
    source: {csv: {path: events.csv}}
    target: events
  days:
    source: {csv: {path: days.csv}}
    target: obs_days
    steps:
      - cast: {column: day, to: date, format: "Jan 2 2006"}
  missing:
    source: {csv: {path: events.csv}}
    target: no_such_table
`

// eventsDDL creates a table with an auto-increment key, in each dialect.
var eventsDDL = map[string]string{
	"postgres": "CREATE TABLE events (id bigserial PRIMARY KEY, name text NOT NULL)",
	"sqlite":   "CREATE TABLE events (id integer PRIMARY KEY AUTOINCREMENT, name text NOT NULL)",
	"mysql":    "CREATE TABLE events (id bigint AUTO_INCREMENT PRIMARY KEY, name text NOT NULL)",
}

// TestTargetWithoutAModel: a pipeline loads a table that no model
// describes (created here, as a migration would) by what the database's
// catalogue says of it: casts and an upsert on its primary key land the
// rows exactly, its NOT NULL, varchar and numeric limits reject what does
// not fit, an auto-increment key is left to the database, and a table that
// is not there either is named as missing.
func TestTargetWithoutAModel(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"pipelines.yaml": catalogPipelines,
		"obs.csv": "station,rain_mm,temp_c,readings,windy,note\n" +
			"OSL,1.25,-3.5,24,true,first\n" +
			"BGO,10.00,,12,false,\n" +
			"TRD,0.5,4.2,3,true,x\n" +
			"TOOLONGNAME1,1,1,1,true,too long for varchar(10)\n" +
			"SVG,,1,1,true,no rain is NOT NULL\n" +
			"KRS,1,12345.6,1,true,beyond numeric 5.1\n",
		"obs2.csv":   "station,rain_mm,temp_c,readings,windy,note\nOSL,2.50,-1.0,25,false,updated\n",
		"events.csv": "name\na\nb\n",
		"days.csv":   "day,n\nJun 12 1998,1\nJun 13 1998,2\nDec 31 1999,3\n",
	})
	dbtest.Each(t, func(t *testing.T, url string) {
		env := fileEnv(t, url, dir)
		execSQL(t, url, `CREATE TABLE weather_obs (
			station varchar(10) NOT NULL PRIMARY KEY,
			rain_mm numeric(6,2) NOT NULL,
			temp_c numeric(5,1),
			readings integer,
			windy boolean,
			note text)`)
		execSQL(t, url, eventsDDL[dialectOf(url)])
		if out := mustLoader(t, env, "run", "obs").stdout; !strings.Contains(out, "6 read, 3 loaded, 3 rejected") {
			t.Fatalf("run: %q", out)
		}
		mustLoader(t, env, "run", "obs", "--input", dir+"/obs2.csv", "--new-source")
		s := openStore(t, url)
		got := query(t, s, "SELECT station, rain_mm, temp_c, readings, windy, note FROM weather_obs ORDER BY station", fixObs)
		want := []string{"BGO | 10.00 | ∅ | 12 | false | ∅", "OSL | 2.50 | -1.0 | 25 | false | updated", "TRD | 0.50 | 4.2 | 3 | true | x"}
		if !slices.Equal(got, want) {
			t.Fatalf("weather_obs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		rs := rejectsJSON(t, env, "1")
		for i, col := range []string{"station", "rain_mm", "temp_c"} {
			if i >= len(rs) || !strings.Contains(rs[i].Reason, col) {
				t.Errorf("reject %d should name %s: %s", i+1, col, describeRejects(rs))
			}
		}
		mustLoader(t, env, "run", "events")
		if got := query(t, s, "SELECT id, name FROM events ORDER BY id", fixNullText); len(got) != 2 || !strings.HasSuffix(got[1], "| b") {
			t.Errorf("events: %q", got)
		}
		// A date column the catalogue describes stores the calendar date,
		// so the same date query answers alike on every database.
		execSQL(t, url, "CREATE TABLE obs_days (day date NOT NULL PRIMARY KEY, n integer NOT NULL)")
		mustLoader(t, env, "run", "days")
		if got := query(t, s, "SELECT count(*) FROM obs_days WHERE day = '1998-06-12' OR day BETWEEN '1998-06-13' AND '1998-12-31'", fixNullText); !slices.Equal(got, []string{"2"}) {
			t.Errorf("date query on obs_days: %q, want [2]", got)
		}
		r := loader(t, env, "run", "missing")
		if line := errLine(t, r); r.code == 0 || !strings.Contains(line, `target "no_such_table": no such table in the database, and no model describes it (models: sales_data, transformed_sales_data, api_orders, mongo_orders, queue_events)`) ||
			!strings.HasSuffix(line, "(after loader scaffold or a new model, rebuild bin/loader: make migrate)") {
			t.Errorf("missing table: exit %d, %q", r.code, line)
		}
	})
}

// fixObs renders weather_obs' values alike on every database: numbers
// at their column's scale, booleans as true/false.
func fixObs(col int, v sql.NullString) string {
	if !v.Valid {
		return nullText(v)
	}
	switch col {
	case 1, 2:
		d, err := decimal.NewFromString(v.String)
		if err != nil {
			return "bad number " + v.String
		}
		return d.StringFixed(int32(3 - col))
	case 4:
		if b, err := strconv.ParseBool(v.String); err == nil {
			return strconv.FormatBool(b)
		}
	}
	return v.String
}

func fixNullText(_ int, v sql.NullString) string { return nullText(v) }
