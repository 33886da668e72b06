package infer

import (
	"strconv"
	"testing"
)

// BenchmarkSampler samples records of six typical columns: an integer, a
// decimal, an ISO timestamp, a month-name date, a slash date and text.
func BenchmarkSampler(b *testing.B) {
	rows := make([][]*string, 1000)
	for i := range rows {
		day := strconv.Itoa(1 + i%28)
		vals := []string{strconv.Itoa(i), strconv.Itoa(i) + ".25", "2024-01-" + pad(day) + "T10:30:00Z",
			"Jun " + day + " 1998", "12/" + pad(day) + "/2024", "customer " + day}
		rows[i] = make([]*string, len(vals))
		for k := range vals {
			rows[i][k] = &vals[k]
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		s := NewSampler([]string{"id", "amount", "sold_at", "released", "due", "customer"})
		for _, r := range rows {
			s.Add(r)
		}
		_ = s.Columns()
	}
}

func pad(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}
