package value

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// The hand-written fast paths (timefast.go, scan in number.go) against
// the standard readers they stand in for: each pair reads the same text.
func BenchmarkReaders(b *testing.B) {
	layout := mustTimes(NewTimes([]string{"2006-01-02 15:04:05"}, "", false))
	cases := []struct {
		name string
		read func() error
	}{
		{"layout/fast", func() error { _, err := layout.Parse("2024-03-01 12:30:00"); return err }},
		{"layout/time.Parse", func() error { _, err := time.Parse("2006-01-02 15:04:05", "2024-03-01 12:30:00"); return err }},
		{"iso8601", func() error { _, err := ISO8601.Parse("2024-03-01T12:30:00Z"); return err }},
		{"decimal/fast", func() error { _, err := ParseDecimal("123.45"); return err }},
		{"decimal/NewFromString", func() error { _, err := decimal.NewFromString("123.45"); return err }},
		{"numeric(12,2)", func() error { _, err := NumericOf(12, 2).Parse("123.45"); return err }},
		{"int", func() error { _, err := Int64.Parse("3"); return err }},
		{"float", func() error { _, err := Float("0.25", 64); return err }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.read(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
