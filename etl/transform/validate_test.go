package transform

import (
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		cfg  ValidateConfig
		in   any
		want string // "" passes
	}{
		{"not_null", ValidateConfig{NotNull: true}, nil, "REJECT column x: NULL, but a value is required (not_null)"},
		{"not_null passes empty text", ValidateConfig{NotNull: true}, "", ""},
		{"NULL passes other rules", ValidateConfig{Min: "1"}, nil, ""},
		{"below min", ValidateConfig{Min: "1"}, int64(0), "REJECT column x: 0 is below the minimum 1"},
		{"on min", ValidateConfig{Min: "1"}, dec("1.000"), ""},
		{"above max", ValidateConfig{Max: "10.5"}, dec("10.51"), "REJECT column x: 10.51 is above the maximum 10.5"},
		{"max with float", ValidateConfig{Max: "0.3"}, floatSum(0.1, 0.2), "REJECT column x: 0.30000000000000004 is above the maximum 0.3"},
		{"text above a numeric max", ValidateConfig{Max: "5"}, "10.9", "REJECT column x: \"10.9\" is above the maximum 5"},
		{"text below a numeric max", ValidateConfig{Max: "10"}, " 9.5 ", ""},
		{"text that is not a number", ValidateConfig{Min: "0"}, "n/a",
			`REJECT column x: "n/a" is not a number, so it cannot be compared with 0`},
		{"timestamp min", ValidateConfig{Min: "2020-01-01"}, utc(2019, 12, 31, 23, 59, 59),
			"REJECT column x: 2019-12-31T23:59:59Z is below the minimum 2020-01-01"},
		{"in", ValidateConfig{In: []string{"open", "closed"}}, "open", ""},
		{"not in", ValidateConfig{In: []string{"open", "closed"}}, "Open",
			`REJECT column x: "Open" is not one of open, closed (in)`},
		{"regex", ValidateConfig{Regex: `^[^@]+@[^@]+$`}, "ann.example.com",
			`REJECT column x: "ann.example.com" does not match the regex ^[^@]+@[^@]+$`},
		{"min_length in characters", ValidateConfig{MinLength: 3}, "äö", `REJECT column x: "äö" is shorter than 3 characters (min_length)`},
		{"max_length", ValidateConfig{MaxLength: 3}, "abcd", `REJECT column x: "abcd" is longer than 3 characters (max_length)`},
		{"max_length passes", ValidateConfig{MaxLength: 3}, "äöü", ""},
		{"regex on a number", ValidateConfig{Regex: "1"}, int64(1),
			"ERROR validate x: regex and lengths apply to text, but column x holds an integer; validate before the cast"},
		{"min on the wrong kind", ValidateConfig{Min: "abc"}, int64(1),
			`ERROR validate x: column x holds an integer (1), which cannot be compared with "abc"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Column = "x"
			got := applyOne(t, must(t)(NewValidate(tc.cfg)), []string{"x"}, etl.Row{tc.in})
			if got.reason != tc.want {
				t.Fatalf("got %q, want %q", got.reason, tc.want)
			}
		})
	}
}

func TestNewValidateErrors(t *testing.T) {
	cases := []struct {
		cfg  ValidateConfig
		want string
	}{
		{ValidateConfig{NotNull: true}, "validate: column is required"},
		{ValidateConfig{Column: "x"}, "validate x: no rule"},
		{ValidateConfig{Column: "x", Min: "5", Max: "1"}, "min 5 is above max 1"},
		{ValidateConfig{Column: "x", MinLength: 5, MaxLength: 2}, "min_length 5 and max_length 2 are not a range"},
		{ValidateConfig{Column: "x", In: []string{}}, "in is an empty list"},
		{ValidateConfig{Column: "x", Regex: "[a"}, "missing closing ]"},
	}
	for _, tc := range cases {
		if _, err := NewValidate(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewValidate(%+v) = %v, want %q", tc.cfg, err, tc.want)
		}
	}
}

// floatSum adds at run time (constants would be added exactly).
func floatSum(a, b float64) float64 { return a + b }
