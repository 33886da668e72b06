package transform

import (
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// BenchmarkSalesChain runs the transforms of the sales pipeline on one
// record, the way the producer does: copy the raw values into the row,
// then apply each step.
func BenchmarkSalesChain(b *testing.B) {
	steps := []etl.Step{
		must(b)(NewFillNA(FillNAConfig{Columns: []string{"amount"}, Value: "0"})),
		must(b)(NewCast(CastConfig{Column: "amount", To: KindDecimal, Scale: ptr(int32(2))})),
		must(b)(NewBin(BinConfig{Column: "amount", Into: "tier", Edges: []string{"100", "500"},
			Labels: []string{"Low", "Medium", "High"}, Min: "0"})),
		must(b)(NewCast(CastConfig{Column: "sold_at", To: KindTimestamp, Format: "2006-01-02 15:04:05",
			Timezone: "Europe/Berlin"})),
	}
	cols := etl.MustColumns("id", "amount", "sold_at")
	var fns []func(*etl.Record) error
	for _, s := range steps {
		out, fn, err := s.Bind(cols)
		if err != nil {
			b.Fatal(err)
		}
		cols, fns = out, append(fns, fn)
	}
	raw := etl.Row{"1001", "123.45", "2024-03-01 12:30:00"}
	row := make(etl.Row, 0, cols.Len())
	rec := &etl.Record{N: 1, Raw: raw}
	b.ReportAllocs()
	for b.Loop() {
		row = append(row[:0], raw...)
		rec.Row = row
		for _, fn := range fns {
			if err := fn(rec); err != nil {
				b.Fatal(err)
			}
		}
	}
}
