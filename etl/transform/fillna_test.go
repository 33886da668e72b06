package transform

import (
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

func TestFillNA(t *testing.T) {
	cases := []struct {
		name string
		cfg  FillNAConfig
		in   etl.Row
		want etl.Row
	}{
		{"text value", FillNAConfig{Columns: []string{"a", "c"}, Value: "0"},
			etl.Row{nil, nil, nil}, etl.Row{"0", nil, "0"}},
		{"keeps values", FillNAConfig{Columns: []string{"a"}, Value: "0"},
			etl.Row{"5", nil, nil}, etl.Row{"5", nil, nil}},
		{"typed value", FillNAConfig{Columns: []string{"b"}, Value: "0", Kind: KindDecimal},
			etl.Row{nil, nil, nil}, etl.Row{nil, dec("0"), nil}},
		{"empty text", FillNAConfig{Columns: []string{"b"}},
			etl.Row{nil, nil, nil}, etl.Row{nil, "", nil}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := applyOne(t, must(t)(NewFillNA(tc.cfg)), []string{"a", "b", "c"}, tc.in)
			if !sameRow(got.row, tc.want) {
				t.Fatalf("got %v %s, want %v", got.row, got.reason, tc.want)
			}
		})
	}
}

func TestNewFillNAErrors(t *testing.T) {
	cases := []struct {
		cfg  FillNAConfig
		want string
	}{
		{FillNAConfig{Value: "0"}, "fillna: columns is required"},
		{FillNAConfig{Columns: []string{"a", "a"}}, `fillna: columns lists "a" twice`},
		{FillNAConfig{Columns: []string{"a"}, Value: "x", Kind: KindInt}, `fillna a: value "x" is not a valid int`},
		{FillNAConfig{Columns: []string{"a"}, Value: "1", Kind: "number"}, `kind "number" is not one of`},
	}
	for _, tc := range cases {
		if _, err := NewFillNA(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewFillNA(%+v) = %v, want %q", tc.cfg, err, tc.want)
		}
	}
}
