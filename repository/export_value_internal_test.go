package repository

import (
	"math"
	"testing"
	"time"
)

// TestCellOf: every Go value a driver gives becomes the same text.
func TestCellOf(t *testing.T) {
	dec := ExportColumn{Kind: KindDecimal, Known: true, Scale: 2}
	at := time.Date(2024, 3, 1, 23, 30, 0, 1000, time.FixedZone("x", -2*3600))
	for _, tc := range []struct {
		name string
		v    any
		c    ExportColumn
		want Cell
	}{
		{"null", nil, dec, Cell{Null: true}},
		{"decimal text", "12.5", dec, Cell{Text: "12.50"}},
		{"decimal bytes", []byte("-0.05"), dec, Cell{Text: "-0.05"}},
		{"decimal float (SQLite)", 1234567.89, dec, Cell{Text: "1234567.89"}},
		{"decimal int (SQLite)", int64(10), dec, Cell{Text: "10.00"}},
		{"decimal unknown scale", "1.50", ExportColumn{Kind: KindDecimal, Scale: -1}, Cell{Text: "1.50"}},
		{"timestamp in UTC", at, ExportColumn{Kind: KindTime}, Cell{Text: "2024-03-02T01:30:00.000001Z"}},
		{"date", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), ExportColumn{Kind: KindTime, Date: true}, Cell{Text: "2024-02-29"}},
		{"bool", true, ExportColumn{}, Cell{Text: "true", Literal: true}},
		{"bool as int (MariaDB)", int64(0), ExportColumn{Kind: KindBool}, Cell{Text: "false", Literal: true}},
		{"int", int64(-7), ExportColumn{Kind: KindInt}, Cell{Text: "-7", Literal: true}},
		{"int as text", []byte("42"), ExportColumn{Kind: KindInt}, Cell{Text: "42", Literal: true}},
		{"float", 0.1, ExportColumn{Kind: KindFloat}, Cell{Text: "0.1", Literal: true}},
		{"float32", float32(0.1), ExportColumn{Kind: KindFloat}, Cell{Text: "0.1", Literal: true}},
		{"NaN is no JSON number", math.NaN(), ExportColumn{Kind: KindFloat}, Cell{Text: "NaN"}},
		{"text", "a,b", ExportColumn{Kind: KindString}, Cell{Text: "a,b"}},
	} {
		if got := cellOf(tc.v, tc.c); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

// TestDecimalSizeOK: only a declared numeric(p,s) has a size; the
// modifier of PostgreSQL's plain numeric does not.
func TestDecimalSizeOK(t *testing.T) {
	for _, tc := range []struct {
		p, s int
		want bool
	}{
		{12, 2, true}, {1, 0, true}, {38, 38, true}, {1000, 10, true},
		{0, 0, false}, {2, 3, false}, {10, -1, false}, {65535, 65531, false},
	} {
		if got := decimalSizeOK(tc.p, tc.s); got != tc.want {
			t.Errorf("decimalSizeOK(%d, %d) = %v, want %v", tc.p, tc.s, got, tc.want)
		}
	}
}
