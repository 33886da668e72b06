package transform

import (
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
)

func TestDeriveDate(t *testing.T) {
	late := utc(2024, 3, 10, 23, 30, 0) // 2024-03-11 00:30 in Berlin
	cases := []struct {
		name string
		tz   string
		in   any
		want any // a time, or part of a reject reason
	}{
		{"UTC", "", late, utc(2024, 3, 10, 0, 0, 0)},
		{"Berlin", "Europe/Berlin", late, utc(2024, 3, 11, 0, 0, 0)},
		{"Tokyo", "Asia/Tokyo", utc(2024, 12, 31, 15, 0, 0), utc(2025, 1, 1, 0, 0, 0)},
		{"null", "", nil, nil},
		{"text", "", "2024-03-10", "REJECT column sold_at is text; add a cast step (to: timestamp) before derive_date"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			step := must(t)(NewDeriveDate(DeriveDateConfig{Column: "sold_at", Into: "day", Timezone: tc.tz}))
			cols, res := apply(t, step, []string{"sold_at"}, etl.Row{tc.in})
			if want, ok := tc.want.(string); ok {
				if res[0].reason != want {
					t.Fatalf("got %q, want %q", res[0].reason, want)
				}
				return
			}
			if cols.Index("day") != 1 || !sameValue(res[0].row[1], tc.want) {
				t.Fatalf("columns %v, row %v %s", cols.Names(), res[0].row, res[0].reason)
			}
			if d, ok := res[0].row[1].(time.Time); ok && d.Location() != time.UTC {
				t.Fatalf("date in %v", d.Location())
			}
		})
	}
}

func TestNewDeriveDateErrors(t *testing.T) {
	if _, err := NewDeriveDate(DeriveDateConfig{Column: "a"}); err == nil || !strings.Contains(err.Error(), "into is required") {
		t.Errorf("err = %v", err)
	}
	if _, err := NewDeriveDate(DeriveDateConfig{Column: "a", Into: "b", Timezone: "CET1"}); err == nil {
		t.Error("bad zone accepted")
	}
}
