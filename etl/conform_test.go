package etl_test

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// limitRow is a table with one column of every kind that has limits.
type limitRow struct {
	ID     string          `gorm:"primaryKey;type:text"`
	Small  int16           `gorm:"type:smallint;not null"`
	Count  uint32          `gorm:"type:integer;not null"` // integer holds 0..2^31-1 of it
	Code   string          `gorm:"type:varchar(5);not null"`
	Ratio  float32         `gorm:"type:real;not null"`
	Score  float64         `gorm:"type:double precision;not null"`
	Amount decimal.Decimal `gorm:"type:numeric(5,2);not null"`
	SeenAt time.Time       `gorm:"not null"`
}

func (limitRow) TableName() string { return "limit_rows" }

// The same statement creates it on SQLite and PostgreSQL; MySQL cannot
// index an unbounded text and keeps times in DATETIME (createFor).
const createLimitRows = `CREATE TABLE limit_rows (id text PRIMARY KEY, small smallint NOT NULL,
	count integer NOT NULL, code varchar(5) NOT NULL, ratio real NOT NULL, score double precision NOT NULL,
	amount numeric(5,2) NOT NULL, seen_at timestamp NOT NULL)`

// limitsPipeline builds the pipeline limits of yaml, which names the
// target sales_data, and points it at limit_rows: pipeline files name only
// the tables of models.All(), and limit_rows is this test's own.
func (e *env) limitsPipeline(yaml string, o spec.Options) *etl.Pipeline {
	e.t.Helper()
	p := e.pipeline(yaml, "limits", o)
	var err error
	if p.Target, err = e.store.TableOf(&limitRow{}); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// outcome is what a run leaves behind: the table's rows and the rejects
// (position: reason), in order. It must be the same on every database.
type outcome struct {
	Result  string
	Rows    []string
	Rejects []string
}

func (e *env) outcome(res etl.Result, err error, rowsOf func() []string) outcome {
	e.t.Helper()
	rejects, rerr := e.store.Rejects(context.Background(), res.RunID, 100)
	if rerr != nil {
		e.t.Fatal(rerr)
	}
	o := outcome{Result: fmt.Sprintf("loaded %d, rejected %d, error %v", res.Loaded, res.Rejected, err), Rows: rowsOf()}
	for _, r := range rejects {
		o.Rejects = append(o.Rejects, r.Position+": "+r.Reason)
	}
	return o
}

// createFor spells a CREATE TABLE for dialect: on MySQL a text key is
// VARCHAR(255) and a timestamp DATETIME(6), as its migrations have them.
func createFor(dialect, create string) string {
	if dialect != "mysql" {
		return create
	}
	return strings.NewReplacer("text PRIMARY KEY", "varchar(255) PRIMARY KEY", "timestamp NOT NULL", "datetime(6) NOT NULL").Replace(create)
}

func (e *env) createLimitRows() {
	e.t.Helper()
	if err := e.store.Scope(context.Background(), func(s *repository.Session) error {
		return s.Exec(context.Background(), createFor(string(e.store.Dialect()), createLimitRows))
	}); err != nil {
		e.t.Fatal(err)
	}
}

// limitRows returns limit_rows, a line per row.
func (e *env) limitRows() []string {
	e.t.Helper()
	var out []string
	err := repository.Stream(context.Background(), e.store, "id", 100, func(b []limitRow) error {
		for _, r := range b {
			out = append(out, fmt.Sprintf("%s %d %d %s %g %g %s %s", r.ID, r.Small, r.Count, r.Code, r.Ratio, r.Score,
				r.Amount.StringFixed(2), r.SeenAt.UTC().Format(time.RFC3339)))
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// sameEverywhere runs fn on each dialect, checks its outcome against want
// and that the dialects agree.
func sameEverywhere(t *testing.T, want outcome, fn func(e *env) outcome) {
	got := map[string]outcome{}
	dbtest.Each(t, func(t *testing.T, url string) {
		o := fn(newEnv(t, url))
		got[dialectOf(url)] = o
		if o.Result != want.Result || !reflect.DeepEqual(o.Rows, want.Rows) {
			t.Errorf("%s\nrows    %q\nwant %s\nrows    %q", o.Result, o.Rows, want.Result, want.Rows)
		}
		if len(o.Rejects) != len(want.Rejects) {
			t.Fatalf("rejects:\n%s\nwant %d:\n%s", strings.Join(o.Rejects, "\n"), len(want.Rejects), strings.Join(want.Rejects, "\n"))
		}
		for i, w := range want.Rejects {
			if !strings.HasPrefix(o.Rejects[i], w) {
				t.Errorf("reject %d: %q, want it to start with %q", i+1, o.Rejects[i], w)
			}
		}
	})
	if !reflect.DeepEqual(got["sqlite"], got["postgres"]) {
		t.Errorf("SQLite and PostgreSQL differ:\n%+v\n%+v", got["sqlite"], got["postgres"])
	}
}

const salesLimitsYAML = `
pipelines:
  parse:
    source:
      csv: {path: in.csv}
    target: transformed_sales_data
  cast:
    source:
      csv: {path: in.csv}
    target: transformed_sales_data
    steps:
      - cast: {column: sales_amount, to: decimal, scale: 2}
      - cast: {column: quantity, to: int}
      - cast: {column: sold_at, to: timestamp, format: rfc3339}
`

// TestSalesValuesThatDoNotFitAreRejects: amounts beyond numeric(12,2),
// quantities beyond integer, a NUL byte and year 0 are one reject each,
// naming line and column, with or without cast steps; before, PostgreSQL
// failed the whole batch and SQLite stored Inf.
func TestSalesValuesThatDoNotFitAreRejects(t *testing.T) {
	in := "order_id,sold_at,customer,quantity,sales_amount,sales_category\n" +
		"a,2024-01-01T00:00:00Z,Ada,1,5.00,Low\n" +
		"b,2024-01-01T00:00:00Z,Bob,1,1e400,High\n" +
		"c,2024-01-01T00:00:00Z,Cy,1,1000000000000,High\n" +
		"d,2024-01-01T00:00:00Z,Di,1,-99999999999,High\n" +
		"e,2024-01-01T00:00:00Z,Zoë,2,9999999999.99,High\n" +
		"f,2024-01-01T00:00:00Z,Fay,3000000000,5,Low\n" +
		"g,2024-01-01T00:00:00Z,Gus,99999999999999999999,5,Low\n" +
		"h,2024-01-01T00:00:00Z,H\x00al,1,5,Low\n" +
		"i,0000-06-01T00:00:00Z,Ivy,1,5,Low\n" +
		"j,2024-01-01T00:00:00Z,Jo,1,-9999999999.99,Low\n"
	for _, pipeline := range []string{"parse", "cast"} {
		t.Run(pipeline, func(t *testing.T) {
			quantity := "column quantity: 99999999999999999999 is outside the range the column holds, -2147483648 to 2147483647"
			if pipeline == "cast" { // the cast step holds any int64, the column an integer
				quantity = "column quantity: 99999999999999999999 is outside the range the column holds, -9223372036854775808 to 9223372036854775807"
			}
			want := outcome{
				Result: "loaded 3, rejected 7, error <nil>",
				Rows:   []string{"a=5.00/Low", "e=9999999999.99/High", "j=-9999999999.99/Low"},
				Rejects: []string{
					"line 3: column sales_amount: 1e400 has 401 integer digits, numeric(12,2) holds at most 10",
					"line 4: column sales_amount: 1000000000000 has 13 integer digits, numeric(12,2) holds at most 10",
					"line 5: column sales_amount: -99999999999 has 11 integer digits, numeric(12,2) holds at most 10",
					"line 7: column quantity: 3000000000 is outside the range the column holds, -2147483648 to 2147483647",
					"line 8: " + quantity,
					"line 9: column customer: text has a NUL byte at byte offset 1",
					"line 10: column sold_at: 0000-06-01T00:00:00Z is outside the years 1 to 9999",
				},
			}
			sameEverywhere(t, want, func(e *env) outcome {
				res, err := e.run(e.pipeline(salesLimitsYAML, pipeline, spec.Options{Input: e.file("in.csv", in)}))
				return e.outcome(res, err, e.sales)
			})
		})
	}
}

const limitsYAML = `
pipelines:
  limits:
    source:
      csv: {path: in.csv}
    target: sales_data
`

// TestTextValuesThatDoNotFitAreRejects loads every kind of column from
// text: each value beyond the column is one reject naming it.
func TestTextValuesThatDoNotFitAreRejects(t *testing.T) {
	const good = "-32768,2147483647,héllo,0.1,1e300,-999.99,9999-12-31T23:59:59Z"
	var in strings.Builder
	in.WriteString("id,small,count,code,ratio,score,amount,seen_at\n")
	in.WriteString("ok," + good + "\n")
	bad := []struct{ column, value, reason string }{
		{"small", "32768", "column small: 32768 is outside the range the column holds, -32768 to 32767"},
		{"count", "-1", "column count: -1 is outside the range the column holds, 0 to 2147483647"},
		{"count", "2147483648", "column count: 2147483648 is outside the range the column holds, 0 to 2147483647"},
		{"code", "abcdef", "column code: text has 6 characters, varchar(5) holds at most 5"},
		{"code", "ab\x00", "column code: text has a NUL byte at byte offset 2"},
		{"ratio", "1e39", "column ratio: 1e39 is out of range for a 32-bit float"},
		{"score", "1e400", "column score: 1e400 is out of range for a float"},
		{"score", "NaN", "column score: NaN is not a finite number"},
		{"score", "-Inf", "column score: -Inf is not a finite number"},
		{"amount", "1e400", "column amount: 1e400 has 401 integer digits, numeric(5,2) holds at most 3"},
		{"amount", "1000", "column amount: 1000 has 4 integer digits, numeric(5,2) holds at most 3"},
		{"amount", "0.001", "column amount: 0.001 has more than 2 decimal places"},
		{"seen_at", "0001-01-01T00:00:00+01:00", "column seen_at: 0000-12-31T23:00:00Z is outside the years 1 to 9999"},
	}
	want := outcome{Result: fmt.Sprintf("loaded 1, rejected %d, error <nil>", len(bad)),
		Rows: []string{"ok -32768 2147483647 héllo 0.1 1e+300 -999.99 9999-12-31T23:59:59Z"}}
	names := strings.Split("id,small,count,code,ratio,score,amount,seen_at", ",")
	for i, b := range bad {
		fields := append([]string{fmt.Sprint("bad", i)}, strings.Split(good, ",")...)
		fields[indexOf(names, b.column)] = b.value
		in.WriteString(strings.Join(fields, ",") + "\n")
		want.Rejects = append(want.Rejects, fmt.Sprintf("line %d: %s", i+3, b.reason))
	}
	sameEverywhere(t, want, func(e *env) outcome {
		e.createLimitRows()
		res, err := e.run(e.limitsPipeline(limitsYAML, spec.Options{Input: e.file("in.csv", in.String())}))
		return e.outcome(res, err, e.limitRows)
	})
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	panic(name)
}

// TestTypedValuesThatDoNotFitAreRejects loads Go values through a typed
// pipeline: the values Go holds but the columns do not are rejects.
func TestTypedValuesThatDoNotFitAreRejects(t *testing.T) {
	okRow := limitRow{Small: 1, Count: 2, Code: "héllo", Ratio: 0.1, Score: 0.5, Amount: decimal.New(12345, -2),
		SeenAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	bad := []struct {
		name   string
		change func(*limitRow)
		reason string
	}{
		{"count", func(r *limitRow) { r.Count = math.MaxUint32 }, "column count: 4294967295 is outside the range the column holds, 0 to 2147483647"},
		{"long", func(r *limitRow) { r.Code = "ábcdéf" }, "column code: text has 6 characters, varchar(5) holds at most 5"},
		{"nul", func(r *limitRow) { r.Code = "a\x00b" }, "column code: text has a NUL byte at byte offset 1"},
		{"utf8", func(r *limitRow) { r.Code = "ab\xff" }, "column code: text is not valid UTF-8 at byte offset 2"},
		{"ratio", func(r *limitRow) { r.Ratio = float32(math.Inf(1)) }, "column ratio: +Inf is not a finite number"},
		{"nan", func(r *limitRow) { r.Score = math.NaN() }, "column score: NaN is not a finite number"},
		{"inf", func(r *limitRow) { r.Score = math.Inf(-1) }, "column score: -Inf is not a finite number"},
		{"amount", func(r *limitRow) { r.Amount = decimal.New(1, 400) }, "column amount: 1e400 has 401 integer digits, numeric(5,2) holds at most 3"},
		{"places", func(r *limitRow) { r.Amount = decimal.New(1, -3) }, "column amount: 0.001 has more than 2 decimal places"},
		{"year", func(r *limitRow) { r.SeenAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "column seen_at: 10000-01-01T00:00:00Z is outside the years 1 to 9999"},
	}
	var in strings.Builder
	in.WriteString("id\nok\n")
	want := outcome{Result: fmt.Sprintf("loaded 1, rejected %d, error <nil>", len(bad)),
		Rows: []string{"ok 1 2 héllo 0.1 0.5 123.45 2024-01-01T00:00:00Z"}}
	changes := map[string]func(*limitRow){}
	for i, b := range bad {
		in.WriteString(b.name + "\n")
		changes[b.name] = b.change
		want.Rejects = append(want.Rejects, fmt.Sprintf("line %d: %s", i+3, b.reason))
	}
	sameEverywhere(t, want, func(e *env) outcome {
		e.createLimitRows()
		model, err := repository.ModelOf[limitRow](e.store)
		if err != nil {
			e.t.Fatal(err)
		}
		p := etl.NewTyped(model, "typed_limits", mustCSV(e.t, e.file("in.csv", in.String())), etl.Append, func(v etl.View) (limitRow, error) {
			r := okRow
			r.ID, _ = v.Text("id")
			if change := changes[r.ID]; change != nil {
				change(&r)
			}
			return r, nil
		})
		res, err := e.run(p)
		return e.outcome(res, err, e.limitRows)
	})
}

const castLimitsYAML = limitsYAML + `    steps:
      - cast: {column: score, to: decimal}
      - cast: {column: score, to: float}
      - cast: {column: amount, to: decimal, scale: 2, rounding: half_up}
`

// TestCastAgreesWithTheColumn: values that cast steps accept reach the
// same limits as text does, and a decimal cast to float must be finite.
func TestCastAgreesWithTheColumn(t *testing.T) {
	const row = "%s,1,1,x,1,%s,%s,2024-01-01T00:00:00Z\n"
	in := "id,small,count,code,ratio,score,amount,seen_at\n" +
		fmt.Sprintf(row, "ok", "2.5", "999.994") +
		fmt.Sprintf(row, "score", "1e400", "1") +
		fmt.Sprintf(row, "amount", "1", "999.995") +
		fmt.Sprintf(row, "huge", "1", "1e400")
	want := outcome{Result: "loaded 1, rejected 3, error <nil>",
		Rows: []string{"ok 1 1 x 1 2.5 999.99 2024-01-01T00:00:00Z"},
		Rejects: []string{
			"line 3: column score: a decimal with 401 integer digits is out of range for a float",
			"line 4: column amount: 1000 has 4 integer digits, numeric(5,2) holds at most 3",
			"line 5: column amount: 1e400 has 401 integer digits, numeric(5,2) holds at most 3",
		}}
	sameEverywhere(t, want, func(e *env) outcome {
		e.createLimitRows()
		res, err := e.run(e.limitsPipeline(castLimitsYAML, spec.Options{Input: e.file("in.csv", in)}))
		return e.outcome(res, err, e.limitRows)
	})
}
