package transform

import (
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

func TestFilter(t *testing.T) {
	f := func(op, value string, values ...string) FilterConfig {
		return FilterConfig{Column: "x", Op: op, Value: value, Values: values}
	}
	cases := []struct {
		name string
		cfg  FilterConfig
		in   any
		keep bool
	}{
		{"eq decimal exact", f("eq", "0.3"), dec("0.30"), true},
		{"eq int vs decimal text", f("eq", "5.0"), int64(5), true},
		{"ne", f("ne", "5"), int64(6), true},
		{"lt decimal", f("lt", "100"), dec("99.999"), true},
		{"lt on the value", f("lt", "100"), dec("100"), false},
		{"le on the value", f("le", "100"), dec("100"), true},
		{"gt float exact", f("gt", "0.1"), 0.1, false},
		{"ge int", f("ge", "10"), int64(10), true},
		{"gt big decimal", f("gt", "99999999999999999999.5"), dec("100000000000000000000"), true},
		{"text is lexical", f("lt", "b"), "abc", true},
		{"text against a number orders as a number", f("lt", "9"), "10", false},
		{"text number below", f("lt", "10"), "9.5", true},
		{"text equality stays exact", f("eq", "7"), "007", false},
		{"timestamp", f("ge", "2024-03-01"), utc(2024, 3, 1, 0, 0, 0), true},
		{"timestamp with offset", f("lt", "2024-03-01T01:00:00+02:00"), utc(2024, 2, 29, 23, 30, 0), false},
		{"bool", f("eq", "true"), true, true},
		{"in", f("in", "", "a", "b"), "b", true},
		{"in misses", f("in", "", "a", "b"), "c", false},
		{"in empty text", f("in", "", ""), "", true},
		{"not_in", f("not_in", "", "1", "2"), int64(3), true},
		{"is_null", f("is_null", ""), nil, true},
		{"is_null on a value", f("is_null", ""), "", false},
		{"not_null", f("not_null", ""), "", true},
		{"NULL fails eq", f("eq", "1"), nil, false},
		{"NULL fails ne", f("ne", "1"), nil, false},
		{"NULL fails not_in", f("not_in", "", "1"), nil, false},
		{"matches is unanchored", f("matches", "@example\\.com"), "ann@example.com", true},
		{"matches anchored", f("matches", "^[A-Z]{3}$"), "ABCD", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := applyOne(t, must(t)(NewFilter(tc.cfg)), []string{"x"}, etl.Row{tc.in})
			want := "DROP"
			if tc.keep {
				want = ""
			}
			if got.reason != want {
				t.Fatalf("got %q, want %q", got.reason, want)
			}
		})
	}
}

func TestFilterKindMismatchFailsTheRun(t *testing.T) {
	cases := []struct {
		cfg  FilterConfig
		in   any
		want string
	}{
		{FilterConfig{Column: "x", Op: "gt", Value: "abc"}, dec("1"),
			`ERROR filter x: column x holds a decimal (1), which cannot be compared with "abc"`},
		{FilterConfig{Column: "x", Op: "matches", Value: "a"}, int64(1),
			"ERROR filter x: matches needs text, but column x holds an integer; filter before the cast"},
		{FilterConfig{Column: "x", Op: "in", Values: []string{"1", "soon"}}, utc(2024, 1, 1, 0, 0, 0),
			"cannot be compared with \"1\""},
	}
	for _, tc := range cases {
		got := applyOne(t, must(t)(NewFilter(tc.cfg)), []string{"x"}, etl.Row{tc.in})
		if !strings.Contains(got.reason, tc.want) {
			t.Errorf("got %q, want %q", got.reason, tc.want)
		}
	}
}

func TestNewFilterErrors(t *testing.T) {
	cases := []struct {
		cfg  FilterConfig
		want string
	}{
		{FilterConfig{Op: "eq", Value: "1"}, "filter: column is required"},
		{FilterConfig{Column: "x", Op: "like", Value: "1"}, `filter x: op "like" is not one of eq, ne`},
		{FilterConfig{Column: "x", Op: "eq"}, "filter x: op eq: needs value, not values"},
		{FilterConfig{Column: "x", Op: "in", Value: "1"}, "op in: needs values (a list), not value"},
		{FilterConfig{Column: "x", Op: "is_null", Value: "1"}, "op is_null: takes no value or values"},
		{FilterConfig{Column: "x", Op: "matches", Value: "("}, "op matches: error parsing regexp"},
	}
	for _, tc := range cases {
		if _, err := NewFilter(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewFilter(%+v) = %v, want %q", tc.cfg, err, tc.want)
		}
	}
}
