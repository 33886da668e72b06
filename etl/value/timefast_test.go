package value

import (
	"testing"
	"time"
)

var fastLayouts = []string{"2006-01-02 15:04:05", "02/01/2006", "2006-01-02T15:04", "2006-01-02", "01.02.2006 15:04"}

var fastInputs = []string{
	"2024-02-29 00:00:00", "2023-02-29 00:00:00", "2024-13-01 00:00:00", "2024-04-31 10:00:00",
	"2024-04-30 24:00:00", "2024-04-30 23:60:00", "2024-04-30 23:59:60", "2024-04-30 23:59:59",
	"2024-04-30 23:59:59.5", "2024/04/30 23:59:59", "+024-04-30 23:59:59", "2024-04-30T23:59",
	"29/02/2024", "31/04/2024", "00/01/2024", "2024-00-10", "1900-02-29", "2000-02-29", "12.31.1999 23:59",
}

// The fast path must agree with time.ParseInLocation on every input.
func TestFastLayoutAgreesWithTimeParse(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, layout := range fastLayouts {
		f := compileFast(layout)
		if !f.ok {
			t.Fatalf("%q is not fast", layout)
		}
		for _, s := range fastInputs {
			checkFast(t, &f, layout, s, loc)
		}
	}
}

func checkFast(t *testing.T, f *fastLayout, layout, s string, loc *time.Location) {
	t.Helper()
	got, ok := f.parse(s, loc)
	want, err := time.ParseInLocation(layout, s, loc)
	if ok && (err != nil || !got.Equal(want)) {
		t.Errorf("layout %q, %q: fast %v, time.Parse %v %v", layout, s, got, want, err)
	}
}

func TestCompileFastRefusesOtherElements(t *testing.T) {
	for _, layout := range []string{"Jan 2 2006", "2006-01-02 15:04:05.000", "2006-01-02T15:04:05Z07:00", "_2/01/2006", "06-01-02", "2006-01"} {
		if compileFast(layout).ok {
			t.Errorf("%q taken by the fast path", layout)
		}
	}
}

func FuzzFastLayout(f *testing.F) {
	for _, s := range fastInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, layout := range fastLayouts {
			fl := compileFast(layout)
			checkFast(t, &fl, layout, s, time.UTC)
		}
	})
}
