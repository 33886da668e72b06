package transform

import (
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

func TestNullIf(t *testing.T) {
	cases := []struct {
		name string
		cfg  NullIfConfig
		in   etl.Row
		want etl.Row
	}{
		{"empty text by default", NullIfConfig{Columns: []string{"a", "c"}},
			etl.Row{"", "", " "}, etl.Row{nil, "", " "}},
		{"listed values only", NullIfConfig{Columns: []string{"a", "b"}, Values: []string{"N/A", "-"}},
			etl.Row{"N/A", "-", "N/A"}, etl.Row{nil, nil, "N/A"}},
		{"keeps other values and NULLs", NullIfConfig{Columns: []string{"a", "b"}},
			etl.Row{"0", nil, ""}, etl.Row{"0", nil, ""}},
		{"text only", NullIfConfig{Columns: []string{"a"}, Values: []string{"5"}},
			etl.Row{int64(5), nil, nil}, etl.Row{int64(5), nil, nil}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := applyOne(t, must(t)(NewNullIf(tc.cfg)), []string{"a", "b", "c"}, tc.in)
			if !sameRow(got.row, tc.want) {
				t.Fatalf("got %v %s, want %v", got.row, got.reason, tc.want)
			}
		})
	}
}

func TestNewNullIfErrors(t *testing.T) {
	if _, err := NewNullIf(NullIfConfig{}); err == nil || !strings.Contains(err.Error(), "nullif: columns is required") {
		t.Errorf("NewNullIf without columns = %v", err)
	}
	step := must(t)(NewNullIf(NullIfConfig{Columns: []string{"x"}}))
	cols, err := etl.NewColumns("a")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := step.Bind(cols); err == nil || !strings.Contains(err.Error(), "x") {
		t.Errorf("Bind with an unknown column = %v", err)
	}
}
