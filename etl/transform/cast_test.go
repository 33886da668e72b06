package transform

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl"
)

type castCase struct {
	name   string
	cfg    CastConfig
	in     any
	want   any
	reject string // part of the reject reason; "" when none expected
}

func runCastCases(t *testing.T, cases []castCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Column = "x"
			got := applyOne(t, must(t)(NewCast(tc.cfg)), []string{"x"}, etl.Row{tc.in})
			if tc.reject != "" {
				if !strings.HasPrefix(got.reason, "REJECT ") || !strings.Contains(got.reason, tc.reject) {
					t.Fatalf("got %q (%v), want a reject with %q", got.reason, got.row, tc.reject)
				}
				return
			}
			if got.reason != "" {
				t.Fatalf("got %s", got.reason)
			}
			if !sameValue(got.row[0], tc.want) {
				t.Fatalf("got %#v (%T), want %#v (%T)", got.row[0], got.row[0], tc.want, tc.want)
			}
		})
	}
}

func TestCastInt(t *testing.T) {
	to := CastConfig{To: KindInt}
	runCastCases(t, []castCase{
		{"text", to, " 42 ", int64(42), ""},
		{"negative", to, "-7", int64(-7), ""},
		{"already int", to, int64(5), int64(5), ""},
		{"null stays null", to, nil, nil, ""},
		{"fraction", to, "1.5", nil, `column x: "1.5" is not a valid integer`},
		{"overflow", to, "9223372036854775808", nil, "9223372036854775808 is outside the range the column holds, -9223372036854775808 to 9223372036854775807"},
		{"plus sign", to, "+8", int64(8), ""},
		{"unicode minus", to, "\u22128", nil, "has a Unicode minus sign (U+2212)"},
		{"thousands separator", to, "1,000", nil, "is not a valid integer"},
		{"empty", to, "", nil, "is not a valid integer"},
		{"integral float", to, 3.0, int64(3), ""},
		{"fractional float", to, 3.5, nil, "3.5 is not a valid integer"},
		{"integral decimal", to, dec("12.00"), int64(12), ""},
		{"fractional decimal", to, dec("12.01"), nil, "not a valid integer"},
		{"bool", to, true, nil, "true is a bool, which cannot be cast to int"},
	})
}

func TestCastDecimal(t *testing.T) {
	plain := CastConfig{To: KindDecimal}
	scale2 := CastConfig{To: KindDecimal, Scale: ptr(int32(2))}
	halfUp := CastConfig{To: KindDecimal, Scale: ptr(int32(2)), Rounding: RoundHalfUp}
	halfEven := CastConfig{To: KindDecimal, Scale: ptr(int32(2)), Rounding: RoundHalfEven}
	runCastCases(t, []castCase{
		{"text", plain, " 12.345 ", dec("12.345"), ""},
		{"exact, not binary", plain, "0.1", dec("0.1"), ""},
		{"sign and point", plain, "-.5", dec("-0.5"), ""},
		{"exponent", plain, "1.5e3", dec("1500"), ""},
		{"scale rejects more places", scale2, "12.345", nil, "12.345 has more than 2 decimal places; set rounding"},
		{"scale accepts trailing zeros", scale2, "12.340", dec("12.34"), ""},
		{"scale accepts fewer places", scale2, "12.3", dec("12.3"), ""},
		{"half_up", halfUp, "12.345", dec("12.35"), ""},
		{"half_up negative", halfUp, "-12.345", dec("-12.35"), ""},
		{"half_even tie down", halfEven, "12.345", dec("12.34"), ""},
		{"half_even tie up", halfEven, "12.355", dec("12.36"), ""},
		{"decimal input rescaled", halfUp, dec("1.005"), dec("1.01"), ""},
		{"int input", scale2, int64(7), dec("7"), ""},
		{"float input", plain, 0.1, dec("0.1"), ""},
		{"NaN text", plain, "NaN", nil, `"NaN" is not a valid decimal`},
		{"Inf text", plain, "Inf", nil, "not a valid decimal"},
		{"exponent garbage", plain, "1e5x", nil, "not a valid decimal"},
		{"huge exponent", plain, "1e99999", nil, "1e99999 has an exponent beyond ±10000"},
		{"exponent of four digits", plain, "1e1000", decimal.New(1, 1000), ""},
		{"unicode minus", plain, "\u22121.5", nil, "is not a valid decimal; it has a Unicode minus sign (U+2212)"},
		{"decimal input of too many places", scale2, dec("1.005"), nil, "1.005 has more than 2 decimal places"},
		{"thousands separator", plain, "1,000", nil, "not a valid decimal"},
		{"hex", plain, "0x10", nil, "not a valid decimal"},
		{"lone point", plain, ".", nil, "not a valid decimal"},
		{"NaN float", plain, nanFloat(), nil, "not a valid decimal"},
		{"timestamp", plain, utc(2024, 1, 1, 0, 0, 0), nil, "is a timestamp, which cannot be cast to decimal"},
	})
}

func nanFloat() float64 { var z float64; return z / z }

func TestCastDecimalSumIsExact(t *testing.T) {
	step := must(t)(NewCast(CastConfig{Column: "x", To: KindDecimal}))
	_, res := apply(t, step, []string{"x"}, etl.Row{"0.1"}, etl.Row{"0.2"})
	sum := res[0].row[0].(decimal.Decimal).Add(res[1].row[0].(decimal.Decimal))
	if !sum.Equal(dec("0.3")) {
		t.Fatalf("0.1 + 0.2 = %s", sum)
	}
}

func TestCastFloatBoolString(t *testing.T) {
	toBool := CastConfig{To: KindBool}
	ja := CastConfig{To: KindBool, TrueValues: []string{"ja"}, FalseValues: []string{"nein"}}
	runCastCases(t, []castCase{
		{"float text", CastConfig{To: KindFloat}, "2.5", 2.5, ""},
		{"float nan", CastConfig{To: KindFloat}, "nan", nil, "column x: nan is not a finite number"},
		{"float hex", CastConfig{To: KindFloat}, "0x1p3", nil, `"0x1p3" is not a valid float`},
		{"float underscores", CastConfig{To: KindFloat}, "1_000", nil, `"1_000" is not a valid float`},
		{"float exponent of four digits", CastConfig{To: KindFloat}, "1e1000", nil, "1e1000 is out of range for a float"},
		{"float overflow", CastConfig{To: KindFloat}, "1e999", nil, "out of range for a float"},
		{"float from int", CastConfig{To: KindFloat}, int64(2), 2.0, ""},
		{"bool yes", toBool, " YES ", true, ""},
		{"bool f", toBool, "F", false, ""},
		{"bool 1", toBool, "1", true, ""},
		{"bool int 0", toBool, int64(0), false, ""},
		{"bool int 2", toBool, int64(2), nil, "2 is not a valid bool; expected 0 or 1"},
		{"bool maybe", toBool, "maybe", nil, `"maybe" is not a valid bool; expected true (true, t, yes, y, 1)`},
		{"bool custom", ja, "JA", true, ""},
		{"bool custom rejects default", ja, "yes", nil, "not a valid bool"},
		{"string from decimal", CastConfig{To: KindString}, dec("1.5"), "1.5", ""},
		{"string with scale", CastConfig{To: KindString, Scale: ptr(int32(2))}, dec("1.5"), "1.50", ""},
		{"string from int", CastConfig{To: KindString}, int64(-3), "-3", ""},
		{"string from time", CastConfig{To: KindString, Format: "2006-01-02"}, utc(2024, 5, 6, 7, 8, 9), "2024-05-06", ""},
		{"string keeps text", CastConfig{To: KindString}, " a ", " a ", ""},
	})
}

func TestCastTimestamp(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	plain := CastConfig{To: KindTimestamp, Format: "2006-01-02 15:04:05"}
	inBerlin := CastConfig{To: KindTimestamp, Format: "2006-01-02 15:04:05", Timezone: "Europe/Berlin"}
	inNY := CastConfig{To: KindTimestamp, Format: "2006-01-02 15:04", Timezone: "America/New_York"}
	several := CastConfig{To: KindTimestamp, Formats: []string{"02/01/2006", "2006-01-02"}}
	iso := CastConfig{To: KindTimestamp, Timezone: "Europe/Berlin"}
	runCastCases(t, []castCase{
		{"layout, UTC", plain, "2024-03-01 12:30:00", utc(2024, 3, 1, 12, 30, 0), ""},
		{"trimmed", plain, "  2024-03-01 12:30:00 ", utc(2024, 3, 1, 12, 30, 0), ""},
		{"winter in Berlin", inBerlin, "2024-01-15 10:00:00", utc(2024, 1, 15, 9, 0, 0), ""},
		{"summer in Berlin", inBerlin, "2024-07-15 10:00:00", utc(2024, 7, 15, 8, 0, 0), ""},
		{"day after the change", inNY, "2024-03-11 02:30", utc(2024, 3, 11, 6, 30, 0), ""},
		{"skipped hour", inNY, "2024-03-10 02:30", nil, `"2024-03-10 02:30" does not exist (clocks skip it) in America/New_York`},
		{"repeated hour", inNY, "2024-11-03 01:30", nil, "is ambiguous (it happens twice when clocks go back) in America/New_York"},
		{"hour before the repeat", inNY, "2024-11-03 00:30", utc(2024, 11, 3, 4, 30, 0), ""},
		{"second format", several, "2024-02-29", utc(2024, 2, 29, 0, 0, 0), ""},
		{"first format", several, "29/02/2024", utc(2024, 2, 29, 0, 0, 0), ""},
		{"no format fits", several, "2024/02/29", nil, `"2024/02/29" is not a valid timestamp (formats: 02/01/2006, 2006-01-02)`},
		{"invalid date", plain, "2023-02-29 00:00:00", nil, "not a valid timestamp"},
		{"rfc3339 offset wins over zone", CastConfig{To: KindTimestamp, Format: "rfc3339", Timezone: "Europe/Berlin"},
			"2024-07-01T10:00:00-04:00", utc(2024, 7, 1, 14, 0, 0), ""},
		{"iso with T and fraction", iso, "2024-07-01T10:00:00.250", utc(2024, 7, 1, 8, 0, 0).Add(250 * time.Millisecond), ""},
		{"iso with space and Z", iso, "2024-07-01 10:00:00Z", utc(2024, 7, 1, 10, 0, 0), ""},
		{"iso with basic offset", iso, "2024-07-01T10:00+0100", utc(2024, 7, 1, 9, 0, 0), ""},
		{"iso date only", iso, "2024-07-01", utc(2024, 6, 30, 22, 0, 0), ""},
		{"time input to UTC", plain, time.Date(2024, 7, 1, 10, 0, 0, 0, berlin), utc(2024, 7, 1, 8, 0, 0), ""},
		{"int input", plain, int64(1), nil, "is an integer, which cannot be cast to timestamp"},
		{"year 10000 by offset", CastConfig{To: KindTimestamp}, "9999-12-31T23:00:00-02:00", nil, "10000-01-01T01:00:00Z is outside the years 1 to 9999"},
	})
}

func TestCastDate(t *testing.T) {
	inNY := CastConfig{To: KindDate, Timezone: "America/New_York"}
	runCastCases(t, []castCase{
		{"date text", CastConfig{To: KindDate}, "2024-02-29", utc(2024, 2, 29, 0, 0, 0), ""},
		{"layout", CastConfig{To: KindDate, Format: "02.01.2006"}, "29.02.2024", utc(2024, 2, 29, 0, 0, 0), ""},
		{"wall date without offset", inNY, "2024-03-10 23:30:00", utc(2024, 3, 10, 0, 0, 0), ""},
		{"offset moved to the zone", inNY, "2024-03-11T02:00:00Z", utc(2024, 3, 10, 0, 0, 0), ""},
		{"timestamp input", inNY, utc(2024, 3, 11, 2, 0, 0), utc(2024, 3, 10, 0, 0, 0), ""},
		{"bad date", CastConfig{To: KindDate}, "2024-02-30", nil, `"2024-02-30" is not a valid date`},
		{"year 0", CastConfig{To: KindDate}, "0000-06-01", nil, "0000-06-01T00:00:00Z is outside the years 1 to 9999"},
	})
}

func TestNewCastErrors(t *testing.T) {
	cases := []struct {
		cfg  CastConfig
		want string
	}{
		{CastConfig{To: KindInt}, "cast: column is required"},
		{CastConfig{Column: "x", To: "integer"}, `cast x: to "integer" is not one of int, decimal`},
		{CastConfig{Column: "x", To: KindDecimal, Scale: ptr(int32(-1))}, "scale -1 is not between 0 and 1000"},
		{CastConfig{Column: "x", To: KindDecimal, Scale: ptr(int32(2)), Rounding: "up"}, `rounding "up" is not one of reject, half_up, half_even`},
		{CastConfig{Column: "x", To: KindDecimal, Rounding: RoundHalfUp}, "rounding needs a scale"},
		{CastConfig{Column: "x", To: KindInt, Scale: ptr(int32(2))}, "scale does not apply to int"},
		{CastConfig{Column: "x", To: KindDecimal, Format: "rfc3339"}, "format does not apply to decimal"},
		{CastConfig{Column: "x", To: KindTimestamp, Format: "YYYY-MM-DD"}, `format "YYYY-MM-DD" is not a Go layout`},
		{CastConfig{Column: "x", To: KindTimestamp, Format: "15:04"}, "not a Go layout with a year"},
		{CastConfig{Column: "x", To: KindTimestamp, Format: "rfc3339", Formats: []string{"iso8601"}}, "set format or formats, not both"},
		{CastConfig{Column: "x", To: KindTimestamp, Timezone: "Mars/Olympus"}, `timezone "Mars/Olympus" is not an IANA zone name`},
		{CastConfig{Column: "x", To: KindBool, TrueValues: []string{"1"}, FalseValues: []string{"1"}}, `"1" is both in true_values and in false_values`},
		{CastConfig{Column: "x", To: KindString, Formats: []string{"rfc3339", "iso8601"}}, "use format, not formats"},
	}
	for _, tc := range cases {
		_, err := NewCast(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewCast(%+v) = %v, want %q", tc.cfg, err, tc.want)
		}
	}
}

func TestCastUnknownColumn(t *testing.T) {
	_, _, err := must(t)(NewCast(CastConfig{Column: "amount", To: KindInt})).Bind(etl.MustColumns("qty"))
	if err == nil || !strings.HasPrefix(err.Error(), "cast amount: no column \"amount\"") {
		t.Fatalf("err = %v", err)
	}
	if !errorsIs(err, etl.ErrNoColumn) {
		t.Fatalf("%v does not wrap ErrNoColumn", err)
	}
}
