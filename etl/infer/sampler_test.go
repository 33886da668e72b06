package infer

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/transform"
)

// inferCase is a column's sampled values and what they infer.
type inferCase struct {
	name   string
	source string   // the field's name; "x" when empty
	values []string // "" is a missing value
	want   Column   // Kind and the fields that go with it
	first  string   // values[0] after the cast, as show writes it; "" to skip
}

var inferCases = []inferCase{
	// Integers and identifiers.
	{name: "integers", values: []string{"1", "-2", "3", " 42 "}, want: Column{Kind: Integer, Bits: 32}, first: "1"},
	{name: "a leading plus is a phone number", values: []string{"+4712345678", "+15551234567"}, want: Column{Kind: Text}},
	{name: "upper-case exponents without a point are codes", values: []string{"1E5", "2E10", "7E3"}, want: Column{Kind: Text}},
	{name: "digits in a phone column are text", source: "Phone", values: []string{"5551234567", "5559876543"}, want: Column{Kind: Text}},
	{name: "digits in a zip column are text", source: "zip_code", values: []string{"10001", "94105"}, want: Column{Kind: Text}},
	{name: "an id is no epoch", source: "candidate_id", values: []string{"1234567890", "3234567890"}, want: Column{Kind: Integer, Bits: 64}, first: "1234567890"},
	{name: "validated_by is no time", source: "validated_by", values: []string{"1234567890"}, want: Column{Kind: Integer, Bits: 32}, first: "1234567890"},
	{name: "beyond int32", values: []string{"1", "3000000000"}, want: Column{Kind: Integer, Bits: 64}},
	{name: "18 digits", values: []string{"123456789012345678"}, want: Column{Kind: Integer, Bits: 64}, first: "123456789012345678"},
	{name: "19 digits are an identifier", values: []string{"1234567890123456789"}, want: Column{Kind: Text}},
	{name: "19 digits with decimals", values: []string{"1.5", "1234567890123456789"}, want: Column{Kind: Text}},
	{name: "beyond int64", values: []string{"92233720368547758070"}, want: Column{Kind: Text}},
	{name: "zip codes", values: []string{"00501", "10001"}, want: Column{Kind: Text}},
	{name: "one leading zero makes text", values: []string{"123", "456", "007"}, want: Column{Kind: Text}},
	{name: "zero alone is a number", values: []string{"0", "-0", "10"}, want: Column{Kind: Integer, Bits: 32}},
	{name: "phone numbers", values: []string{"555-123-4567"}, want: Column{Kind: Text}},
	{name: "phone with parentheses", values: []string{"(555) 123 4567"}, want: Column{Kind: Text}},
	{name: "international phone", values: []string{"+44 20 7946 0958", "+12025550123"}, want: Column{Kind: Text}},
	{name: "codes", values: []string{"12", "A123", "7B"}, want: Column{Kind: Text}},
	{name: "0 and 1 are integers", values: []string{"0", "1", "1"}, want: Column{Kind: Integer, Bits: 32}},
	// Decimals.
	{name: "decimals", values: []string{"12.50", "-0.5", "100.125"}, want: Column{Kind: Decimal, Precision: 6, Scale: 3}, first: "12.5"},
	{name: "point first", values: []string{".5", "-.25"}, want: Column{Kind: Decimal, Precision: 3, Scale: 2}, first: "0.5"},
	{name: "integers with decimals", values: []string{"100", "2.5", "12345"}, want: Column{Kind: Decimal, Precision: 6, Scale: 1}, first: "100"},
	{name: "thousands separators", values: []string{"1,234.50"}, want: Column{Kind: Text}},
	{name: "comma decimal", values: []string{"12,5"}, want: Column{Kind: Text}},
	{name: "trailing point", values: []string{"5."}, want: Column{Kind: Text}},
	{name: "leading zeros with a point", values: []string{"007.5"}, want: Column{Kind: Text}},
	{name: "38 digits", values: []string{"1234567890123456789.0123456789012345678"}, want: Column{Kind: Decimal, Precision: 38, Scale: 19}},
	{name: "39 digits stay text", values: []string{"12345678901234567890.0123456789012345678"}, want: Column{Kind: Text}},
	// Floats.
	{name: "exponents", values: []string{"1.5e3", "2E-2", "-1e+10"}, want: Column{Kind: Float}, first: "1500"},
	{name: "decimals and exponents", values: []string{"1.25", "3e2", "7"}, want: Column{Kind: Float}, first: "1.25"},
	{name: "NaN is missing among numbers", values: []string{"1.5", "NaN"}, want: Column{Kind: Decimal, Precision: 2, Scale: 1, Nullable: true, NullValues: []string{"NaN"}}},
	{name: "NaN alone is text", values: []string{"NaN", "nan"}, want: Column{Kind: Text}},
	{name: "Inf is text", values: []string{"Inf", "-Infinity"}, want: Column{Kind: Text}},
	{name: "beyond float", values: []string{"1e400"}, want: Column{Kind: Text}},
	{name: "bad exponent", values: []string{"1e", "1e+-2"}, want: Column{Kind: Text}},
	// Booleans.
	{name: "bool words", values: []string{"true", "False", "YES", "no"}, want: Column{Kind: Boolean}, first: "true"},
	{name: "bool letters", values: []string{"t", "F", "y", "N"}, want: Column{Kind: Boolean}, first: "true"},
	{name: "bool words with 0 and 1", values: []string{"false", "0", "1"}, want: Column{Kind: Boolean}, first: "false"},
	{name: "bool words with +0", values: []string{"true", "+0"}, want: Column{Kind: Text}},
	{name: "bool words with 2", values: []string{"true", "2"}, want: Column{Kind: Text}},
	{name: "bool words with text", values: []string{"yes", "maybe"}, want: Column{Kind: Text}},
	// Dates.
	{name: "iso dates", values: []string{"2024-01-31", "1998-06-12"}, want: Column{Kind: Date}, first: "2024-01-31T00:00:00Z"},
	{name: "month name", values: []string{"Jun 12 1998", "Jan 2 2006", "Dec 31 1999"}, want: Column{Kind: Date, Layout: "Jan 2 2006"}, first: "1998-06-12T00:00:00Z"},
	{name: "month name and comma", values: []string{"Jun 12, 1998"}, want: Column{Kind: Date, Layout: "Jan 2, 2006"}, first: "1998-06-12T00:00:00Z"},
	{name: "full month name", values: []string{"January 2, 2006", "June 12, 1998"}, want: Column{Kind: Date, Layout: "January 2, 2006"}, first: "2006-01-02T00:00:00Z"},
	{name: "day first with month name", values: []string{"2 Jan 2006", "31 Dec 1999"}, want: Column{Kind: Date, Layout: "2 Jan 2006"}, first: "2006-01-02T00:00:00Z"},
	{name: "month first", values: []string{"12/31/2024", "01/02/2024"}, want: Column{Kind: Date, Layout: "01/02/2006"}, first: "2024-12-31T00:00:00Z"},
	{name: "day first", values: []string{"01/02/2024", "31/12/2024"}, want: Column{Kind: Date, Layout: "02/01/2006"}, first: "2024-02-01T00:00:00Z"},
	{name: "ambiguous is month first", values: []string{"01/02/2024", "03/04/2024"}, want: Column{Kind: Date, Layout: "01/02/2006"}, first: "2024-01-02T00:00:00Z"},
	{name: "unpadded", values: []string{"1/2/2024", "12/31/2024"}, want: Column{Kind: Date, Layout: "1/2/2006"}, first: "2024-01-02T00:00:00Z"},
	{name: "year first with slashes", values: []string{"2006/01/02"}, want: Column{Kind: Date, Layout: "2006/01/02"}, first: "2006-01-02T00:00:00Z"},
	{name: "not a date", values: []string{"13/13/2024"}, want: Column{Kind: Text}},
	{name: "dates in two layouts", values: []string{"2024-01-02", "Jan 2 2024"}, want: Column{Kind: Text}},
	// Timestamps.
	{name: "iso timestamps", values: []string{"2024-01-01T00:00:00", "2024-01-01 10:30:00", "2024-01-01T10:30:00.250Z", "2024-01-01T10:30:00+02:00", "2024-01-01T10:30"},
		want: Column{Kind: Timestamp}, first: "2024-01-01T00:00:00Z"},
	{name: "iso dates and timestamps", values: []string{"2024-01-01", "2024-01-01T10:30:00Z"}, want: Column{Kind: Timestamp}, first: "2024-01-01T00:00:00Z"},
	{name: "month first with seconds", values: []string{"12/31/2024 23:59:58", "01/02/2024 00:00:00"}, want: Column{Kind: Timestamp, Layout: "01/02/2006 15:04:05"}, first: "2024-12-31T23:59:58Z"},
	{name: "month first with minutes", values: []string{"12/31/2024 23:59"}, want: Column{Kind: Timestamp, Layout: "01/02/2006 15:04"}, first: "2024-12-31T23:59:00Z"},
	{name: "twelve-hour clock", values: []string{"12/31/2024 11:59 PM"}, want: Column{Kind: Timestamp, Layout: "01/02/2006 3:04 PM"}, first: "2024-12-31T23:59:00Z"},
	{name: "month name with time", values: []string{"Jun 12 1998 08:30:00"}, want: Column{Kind: Timestamp, Layout: "Jan 2 2006 15:04:05"}, first: "1998-06-12T08:30:00Z"},
	{name: "rfc 1123", values: []string{"Mon, 02 Jan 2006 15:04:05 GMT"}, want: Column{Kind: Timestamp, Layout: "Mon, 02 Jan 2006 15:04:05 MST"}, first: "2006-01-02T15:04:05Z"},
	{name: "rfc 1123 in a zone Go cannot place", values: []string{"Mon, 02 Jan 2006 15:04:05 EST"}, want: Column{Kind: Text}},
	{name: "rfc 1123 with offset", values: []string{"Mon, 02 Jan 2006 15:04:05 +0200"}, want: Column{Kind: Timestamp, Layout: "Mon, 02 Jan 2006 15:04:05 -0700"}, first: "2006-01-02T13:04:05Z"},
	{name: "dates and timestamps of one layout family", values: []string{"01/02/2024", "01/02/2024 10:00"}, want: Column{Kind: Text}},
	// Epoch numbers.
	{name: "epoch seconds", source: "created_at", values: []string{"1700000000", "946684800"}, want: Column{Kind: Timestamp, Unit: "s"}, first: "2023-11-14T22:13:20Z"},
	{name: "epoch milliseconds", source: "event_time", values: []string{"1700000000123"}, want: Column{Kind: Timestamp, Unit: "ms"}, first: "2023-11-14T22:13:20.123Z"},
	{name: "epoch microseconds", source: "ts", values: []string{"1700000000123456"}, want: Column{Kind: Timestamp, Unit: "us"}, first: "2023-11-14T22:13:20.123456Z"},
	{name: "epoch nanoseconds", source: "updated", values: []string{"1700000000123456789"}, want: Column{Kind: Timestamp, Unit: "ns"}, first: "2023-11-14T22:13:20.123456789Z"},
	{name: "epoch seconds with fractions", source: "created", values: []string{"1700000000.123456789", "1700000000", "946684800.5"}, want: Column{Kind: Timestamp, Unit: "s"}, first: "2023-11-14T22:13:20.123456789Z"},
	{name: "epoch milliseconds with a fraction", source: "time_ms", values: []string{"1700000000123.5"}, want: Column{Kind: Timestamp, Unit: "ms"}, first: "2023-11-14T22:13:20.1235Z"},
	{name: "epoch seconds finer than nanoseconds", source: "created", values: []string{"1700000000.1234567891"}, want: Column{Kind: Decimal, Precision: 20, Scale: 10}},
	{name: "decimals without a time name", source: "price", values: []string{"1700000000.5"}, want: Column{Kind: Decimal, Precision: 11, Scale: 1}},
	{name: "negative decimals in a time column", source: "created", values: []string{"-1700000000.5"}, want: Column{Kind: Decimal, Precision: 11, Scale: 1}},
	{name: "epoch range without a time name", source: "amount", values: []string{"1700000000"}, want: Column{Kind: Integer, Bits: 32}},
	{name: "time name out of range", source: "created_at", values: []string{"5", "1700000000"}, want: Column{Kind: Integer, Bits: 32}},
	{name: "19 digits in a time column, not nanoseconds", source: "created_at", values: []string{"9000000000000000000"}, want: Column{Kind: Text}},
	{name: "time name between units", source: "timestamp", values: []string{"1700000000", "1700000000123"}, want: Column{Kind: Integer, Bits: 64}},
	{name: "a word containing ts is no hint", source: "counts", values: []string{"1700000000123"}, want: Column{Kind: Integer, Bits: 64}},
	// Missing values.
	{name: "no values", values: []string{"", ""}, want: Column{Kind: Text, Nullable: true}},
	{name: "blanks are text", values: []string{"1", " ", "2"}, want: Column{Kind: Text}},
	{name: "some missing", values: []string{"1", "", "3"}, want: Column{Kind: Integer, Bits: 32, Nullable: true}, first: "1"},
	{name: "text", values: []string{"hello", "wörld"}, want: Column{Kind: Text}},
	// Missing-value tokens.
	{name: "NA among decimals", source: "temp", values: []string{"12.5", "NA", "-3.25", "NA"},
		want: Column{Kind: Decimal, Precision: 4, Scale: 2, Nullable: true, NullValues: []string{"NA"}}, first: "12.5"},
	{name: "every token among integers", values: []string{"1", "NA", "N/A", "NULL", "null", "None", "NaN", "nan", "#N/A", "2"},
		want: Column{Kind: Integer, Bits: 32, Nullable: true, NullValues: []string{"#N/A", "N/A", "NA", "NULL", "NaN", "None", "nan", "null"}}, first: "1"},
	{name: "tokens and empty values", values: []string{"", "NULL", "2024-01-31"},
		want: Column{Kind: Date, Nullable: true, NullValues: []string{"NULL"}}},
	{name: "tokens among booleans", values: []string{"true", "N/A", "no"},
		want: Column{Kind: Boolean, Nullable: true, NullValues: []string{"N/A"}}, first: "true"},
	{name: "tokens alone are text", values: []string{"NA", "N/A"}, want: Column{Kind: Text}},
	{name: "tokens among text are text", values: []string{"NA", "North", "12"}, want: Column{Kind: Text}},
	{name: "tokens where a kind is missing are text", values: []string{"true", "NA", "2"}, want: Column{Kind: Text}},
	{name: "tokens are exact", values: []string{"1", " NA"}, want: Column{Kind: Text}},
	{name: "a dash is no token", values: []string{"1", "-"}, want: Column{Kind: Text}},
	{name: "lower-case na is no token", values: []string{"1", "na"}, want: Column{Kind: Text}},
}

func TestSamplerInfersKinds(t *testing.T) {
	for _, tc := range inferCases {
		t.Run(tc.name, func(t *testing.T) {
			got := sample(tc)
			want := tc.want
			want.Source, want.Name, want.MaxLen, want.Values = got.Source, got.Name, got.MaxLen, got.Values
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q: got %+v, want %+v", tc.values, got, want)
			}
		})
	}
}

// TestInferredCastsReadTheSample: the cast a column's inference asks for
// (what the scaffold writes) converts every sampled value without a
// reject, to the right value.
func TestInferredCastsReadTheSample(t *testing.T) {
	for _, tc := range inferCases {
		col := sample(tc)
		cfg, ok := col.Cast()
		if !ok {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			apply := bindCast(t, cfg)
			for i, v := range tc.values {
				if slices.Contains(col.NullValues, v) {
					continue // nullif clears it before the cast
				}
				got, err := castOne(apply, v)
				if err != nil {
					t.Fatalf("cast %+v of %q: %v", cfg, v, err)
				}
				if i == 0 && tc.first != "" && show(got) != tc.first {
					t.Errorf("cast %+v of %q = %s, want %s", cfg, v, show(got), tc.first)
				}
			}
		})
	}
}

// FuzzInferredCastReadsTheSample: for any two values, the cast the
// inferred column asks for reads both.
func FuzzInferredCastReadsTheSample(f *testing.F) {
	for _, tc := range inferCases {
		if len(tc.values) >= 2 {
			f.Add(tc.source, tc.values[0], tc.values[1])
		}
	}
	f.Fuzz(func(t *testing.T, source, a, b string) {
		col := sample(inferCase{source: source, values: []string{a, b}})
		cfg, ok := col.Cast()
		if !ok {
			return
		}
		apply := bindCast(t, cfg)
		for _, v := range []string{a, b} {
			if slices.Contains(col.NullValues, v) {
				continue
			}
			if _, err := castOne(apply, v); err != nil {
				t.Fatalf("%+v: cast %+v of %q: %v", col, cfg, v, err)
			}
		}
	})
}

// bindCast builds the cast step cfg describes over its one column.
func bindCast(t *testing.T, cfg transform.CastConfig) func(*etl.Record) error {
	t.Helper()
	step, err := transform.NewCast(cfg)
	if err != nil {
		t.Fatalf("cast %+v: %v", cfg, err)
	}
	_, apply, err := step.Bind(etl.MustColumns(cfg.Column))
	if err != nil {
		t.Fatal(err)
	}
	return apply
}

// castOne applies the cast to v; a missing value stays NULL.
func castOne(apply func(*etl.Record) error, v string) (any, error) {
	if v == "" {
		return nil, nil
	}
	rec := &etl.Record{Row: etl.Row{v}}
	err := apply(rec)
	return rec.Row[0], err
}

func sample(tc inferCase) Column {
	source := tc.source
	if source == "" {
		source = "x"
	}
	s := NewSampler([]string{source})
	for _, v := range tc.values {
		s.Add([]*string{&v})
	}
	return s.Columns()[0]
}

func show(v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case decimal.Decimal:
		return x.String()
	}
	return fmt.Sprint(v)
}

// TestSamplerMissingValues: nil and empty values are missing; a
// source added later is missing in the records before it; the columns
// keep source order and get unique names.
func TestSamplerMissingValues(t *testing.T) {
	p := func(s string) *string { return &s }
	s := NewSampler([]string{"ID", "Name", "id"})
	s.Add([]*string{p("1"), nil, p("7")})
	s.Add([]*string{p("2"), p(""), p("8")})
	s.AddSource("Score")
	s.Add([]*string{p("3"), p("Ann"), p("9"), p("1.5")})
	s.Add([]*string{p("4"), p("  "), p("10"), p("2.25"), p("ignored")})
	s.Add([]*string{p("5")}) // the other sources are missing
	got := s.Columns()
	want := []Column{
		{Source: "ID", Name: "id", Kind: Integer, Bits: 32, MaxLen: 1, Values: 5},
		{Source: "Name", Name: "name", Kind: Text, Nullable: true, MaxLen: 3, Values: 2},
		{Source: "id", Name: "id_2", Kind: Integer, Bits: 32, Nullable: true, MaxLen: 2, Values: 4},
		{Source: "Score", Name: "score", Kind: Decimal, Precision: 3, Scale: 2, Nullable: true, MaxLen: 4, Values: 2},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d columns, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("column %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
