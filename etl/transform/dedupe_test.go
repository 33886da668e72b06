package transform

import (
	"errors"
	"fmt"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

func TestDedupeKeepsFirst(t *testing.T) {
	step := must(t)(NewDedupe(DedupeConfig{Keys: []string{"id", "day"}}))
	rows := []etl.Row{
		{"1", "mon", "a"},
		{"1", "mon", "b"}, // same key
		{"1", "tue", "c"},
		{"1m", "on", "d"}, // same concatenation, other key
		{nil, "mon", "e"},
		{"", "mon", "f"}, // empty is not NULL
		{nil, "mon", "g"},
		{int64(1), "mon", "h"}, // the integer 1 has the text form of "1"
		{dec("2.50"), "x", "i"},
		{dec("2.5"), "x", "j"}, // equal decimals
	}
	_, res := apply(t, step, []string{"id", "day", "v"}, rows...)
	want := "a - c d e f - - i -"
	if got := keptValues(res, 2); got != want {
		t.Fatalf("kept %q, want %q", got, want)
	}
}

func TestDropDuplicates(t *testing.T) {
	step := must(t)(NewDropDuplicates(DropDuplicatesConfig{}))
	_, res := apply(t, step, []string{"a", "b"},
		etl.Row{"x", int64(1)}, etl.Row{"x", int64(2)}, etl.Row{"x", int64(1)}, etl.Row{"x", nil}, etl.Row{"x", nil})
	if got := keptValues(res, 1); got != "1 2 - <nil> -" {
		t.Fatalf("kept %q", got)
	}
}

// keptValues lists column col of kept records, "-" for dropped ones.
func keptValues(res []outcome, col int) string {
	s := ""
	for i, r := range res {
		if i > 0 {
			s += " "
		}
		switch r.reason {
		case "":
			s += fmt.Sprint(r.row[col])
		case "DROP":
			s += "-"
		default:
			s += r.reason
		}
	}
	return s
}

func TestDedupeKeepLast(t *testing.T) {
	_, err := NewDedupe(DedupeConfig{Keys: []string{"id"}, Keep: "last"})
	if !errors.Is(err, ErrKeepLast) {
		t.Fatalf("err = %v, want ErrKeepLast", err)
	}
	if _, err := NewDedupe(DedupeConfig{Keys: []string{"id"}, Keep: "any"}); err == nil {
		t.Fatal("keep: any accepted")
	}
	if _, err := NewDedupe(DedupeConfig{}); err == nil {
		t.Fatal("no keys accepted")
	}
}

func TestHashSet(t *testing.T) {
	var s hashSet
	const n = 1<<20 + 1
	for i := range uint64(n) {
		if !s.add(i * 0x9E3779B97F4A7C15) { // 0 included
			t.Fatalf("hash %d reported as seen", i)
		}
	}
	last := uint64(n - 1)
	for _, h := range []uint64{0, 0x9E3779B97F4A7C15, last * 0x9E3779B97F4A7C15} {
		if s.add(h) {
			t.Fatalf("hash %#x reported as new twice", h)
		}
	}
	// The doc comment of DedupeConfig promises 11 to 21 bytes per key.
	if perKey := float64(8*len(s.slots)) / n; perKey < 10.6 || perKey > 21.4 {
		t.Fatalf("%.1f bytes per key", perKey)
	}
}
