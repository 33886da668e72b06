package infer

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// snake is a valid unquoted SQL identifier in lowercase snake case.
var snake = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*_?$`)

func TestName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"US Gross", "us_gross"},
		{"OrderID", "order_id"},
		{"orderId", "order_id"},
		{"Release Date", "release_date"},
		{"%Change", "pct_change"},
		{"Change %", "change_pct"},
		{"Item #", "item_num"},
		{"R&D", "r_and_d"},
		{"HTTPServer", "http_server"},
		{"IMDB Rating", "imdb_rating"},
		{"Rotten_Tomatoes_Rating", "rotten_tomatoes_rating"},
		{"  spaced   out  ", "spaced_out"},
		{"already_snake", "already_snake"},
		{"kebab-case.name", "kebab_case_name"},
		{"Café Crème", "cafe_creme"},
		{"Größe", "grosse"},
		{"2020 Sales", "col_2020_sales"},
		{"3", "col_3"},
		{"Temp2Max", "temp2_max"},
		{"order", "order_"},
		{"Select", "select_"},
		{"", "col"},
		{"___", "col"},
		{"\u65e5\u672c", "col"},
		{strings.Repeat("long ", 20), strings.TrimSuffix(strings.Repeat("long_", 13), "_")[:63]},
	} {
		got := Name(tc.in)
		if got != tc.want {
			t.Errorf("Name(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if !snake.MatchString(got) || len(got) > 63 {
			t.Errorf("Name(%q) = %q is not a lowercase snake identifier of at most 63 bytes", tc.in, got)
		}
	}
}

func TestNames(t *testing.T) {
	long := strings.Repeat("x", 70)
	got := Names([]string{"Order ID", "order_id", "OrderID", "Total", "order id_2", long, long})
	want := []string{"order_id", "order_id_2", "order_id_3", "total", "order_id_2_2", strings.Repeat("x", 63), strings.Repeat("x", 61) + "_2"}
	if !slices.Equal(got, want) {
		t.Fatalf("Names = %q, want %q", got, want)
	}
}

// FuzzName: whatever the header, the name is a lowercase snake identifier
// of at most 63 bytes, and no SQL keyword.
func FuzzName(f *testing.F) {
	for _, s := range []string{"US Gross", "%Change", "2020", "order", "Café", "ÀÉÎ", "a__b", "X-1.2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Name(s)
		if !snake.MatchString(got) || len(got) > 63 || keywords[got] {
			t.Fatalf("Name(%q) = %q", s, got)
		}
	})
}
