package transform

import (
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

func TestBin(t *testing.T) {
	right := BinConfig{Column: "amount", Into: "tier", Edges: []string{"100", "500"}, Labels: []string{"Low", "Medium", "High"}}
	left := right
	left.Right = ptr(false)
	domain := right
	domain.Min, domain.Max = "0", "10000"
	cases := []struct {
		name string
		cfg  BinConfig
		in   any
		want string // label, or part of the reject reason
	}{
		{"zero gets the lowest bin", right, dec("0"), "Low"},
		{"negative gets the lowest bin", right, dec("-5"), "Low"},
		{"on the first edge, right", right, dec("100"), "Low"},
		{"just above the first edge, right", right, dec("100.0000001"), "Medium"},
		{"on the first edge, left", left, dec("100"), "Medium"},
		{"just below the first edge, left", left, dec("99.99"), "Low"},
		{"on the last edge, right", right, dec("500.00"), "Medium"},
		{"on the last edge, left", left, dec("500"), "High"},
		{"above the last edge", right, dec("1e9"), "High"},
		{"integer input", right, int64(100), "Low"},
		{"integer above", right, int64(101), "Medium"},
		{"float input exact", right, 100.0, "Low"},
		{"float just above", right, 100.01, "Medium"},
		{"min accepts the bound", domain, dec("0"), "Low"},
		{"min rejects negatives", domain, dec("-0.01"), "REJECT column amount: -0.01 is below the minimum 0"},
		{"max rejects", domain, int64(10001), "REJECT column amount: 10001 is above the maximum 10000"},
		{"null", right, nil, "REJECT column amount is NULL; fill it first"},
		{"text", right, "120", "REJECT column amount is text; add a cast step before bin"},
		{"bool", right, true, "REJECT column amount: true is a bool; bin needs a number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := applyOne(t, must(t)(NewBin(tc.cfg)), []string{"amount"}, etl.Row{tc.in})
			if strings.HasPrefix(tc.want, "REJECT") {
				if got.reason != tc.want {
					t.Fatalf("got %q, want %q", got.reason, tc.want)
				}
				return
			}
			if got.reason != "" || len(got.row) != 2 || got.row[1] != tc.want {
				t.Fatalf("got %v %q, want label %q", got.row, got.reason, tc.want)
			}
		})
	}
}

func TestBinReplacesExistingColumn(t *testing.T) {
	step := must(t)(NewBin(BinConfig{Column: "a", Into: "tier", Edges: []string{"0"}, Labels: []string{"neg", "pos"}}))
	cols, res := apply(t, step, []string{"tier", "a"}, etl.Row{"old", int64(3)})
	if strings.Join(cols.Names(), ",") != "tier,a" || !sameRow(res[0].row, etl.Row{"pos", int64(3)}) {
		t.Fatalf("columns %v, row %v", cols.Names(), res[0].row)
	}
}

func TestNewBinErrors(t *testing.T) {
	base := BinConfig{Column: "a", Into: "b", Edges: []string{"1", "2"}, Labels: []string{"x", "y", "z"}}
	with := func(f func(*BinConfig)) BinConfig { c := base; f(&c); return c }
	cases := []struct {
		cfg  BinConfig
		want string
	}{
		{with(func(c *BinConfig) { c.Into = "" }), "bin: into is required"},
		{with(func(c *BinConfig) { c.Edges = []string{"2", "1"} }), "edges must increase: 1 comes after 2"},
		{with(func(c *BinConfig) { c.Edges = []string{"1", "1"} }), "edges must increase"},
		{with(func(c *BinConfig) { c.Edges = []string{"1", "inf"} }), `edge "inf" is not a finite number (the outer bins are already unbounded)`},
		{with(func(c *BinConfig) { c.Labels = []string{"x", "y"} }), "2 edges make 3 bins, but there are 2 labels"},
		{with(func(c *BinConfig) { c.Min = "a" }), `min "a" is not a number`},
		{with(func(c *BinConfig) { c.Min, c.Max = "5", "1" }), "min 5 is above max 1"},
	}
	for _, tc := range cases {
		if _, err := NewBin(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewBin(%+v) = %v, want %q", tc.cfg, err, tc.want)
		}
	}
}
