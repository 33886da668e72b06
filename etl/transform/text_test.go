package transform

import (
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

func TestTrimAndCase(t *testing.T) {
	cases := []struct {
		name string
		step etl.Step
		in   etl.Row
		want etl.Row
	}{
		{"trim some", must(t)(NewTrim(TrimConfig{Columns: []string{"a"}})),
			etl.Row{" x ", " y ", nil}, etl.Row{"x", " y ", nil}},
		{"trim all", must(t)(NewTrim(TrimConfig{All: true})),
			etl.Row{" x ", "\ty\n", int64(3)}, etl.Row{"x", "y", int64(3)}},
		{"lower", must(t)(NewCase(CaseConfig{Columns: []string{"a", "b"}, To: "lower"})),
			etl.Row{"ÄBC", "abc", nil}, etl.Row{"äbc", "abc", nil}},
		{"upper", must(t)(NewCase(CaseConfig{Columns: []string{"a"}, To: "upper"})),
			etl.Row{"grün", nil, nil}, etl.Row{"GRÜN", nil, nil}},
		{"title", must(t)(NewCase(CaseConfig{Columns: []string{"a", "b"}, To: "title"})),
			etl.Row{"new YORK-city", "o'neil", dec("1")}, etl.Row{"New York-City", "O'Neil", dec("1")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := applyOne(t, tc.step, []string{"a", "b", "c"}, tc.in)
			if !sameRow(got.row, tc.want) {
				t.Fatalf("got %q, want %q", got.row, tc.want)
			}
		})
	}
}

func TestNewTextErrors(t *testing.T) {
	for _, err := range []error{
		second(NewTrim(TrimConfig{})),
		second(NewTrim(TrimConfig{All: true, Columns: []string{"a"}})),
		second(NewCase(CaseConfig{Columns: []string{"a"}, To: "camel"})),
		second(NewCase(CaseConfig{To: "lower"})),
	} {
		if err == nil {
			t.Error("config accepted")
		}
	}
	if err := second(NewCase(CaseConfig{Columns: []string{"a"}, To: "camel"})); !strings.Contains(err.Error(), `to "camel" is not lower, upper or title`) {
		t.Error(err)
	}
}

func second[T any](_ T, err error) error { return err }
