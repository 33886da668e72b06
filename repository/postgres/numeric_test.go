package postgres

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"
)

func TestFastNumericEncodingDecodesToTheSameValue(t *testing.T) {
	m := pgtype.NewMap()
	cases := []fastNumeric{
		{0, 0}, {0, 2}, {1, 0}, {-1, 0}, {5, 2}, {-5, 2}, {10000, 0}, {10000, 4}, {123456789, 2},
		{99999999999, 2}, {math.MaxInt64, 0}, {math.MinInt64, 0}, {math.MaxInt64, 7}, {1, 30}, {-120, 1},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		cases = append(cases, fastNumeric{coef: rng.Int64() >> rng.IntN(63), scale: int32(rng.IntN(12))})
		if rng.IntN(2) == 0 {
			cases[len(cases)-1].coef = -cases[len(cases)-1].coef
		}
	}
	for _, c := range cases {
		buf, err := fastNumericPlan{}.Encode(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got pgtype.Numeric
		if err := m.Scan(pgtype.NumericOID, pgtype.BinaryFormatCode, buf, &got); err != nil {
			t.Fatalf("%+v: decoding: %v", c, err)
		}
		want := decimal.NewFromBigInt(big.NewInt(c.coef), -c.scale)
		if d := decimal.NewFromBigInt(got.Int, got.Exp); !d.Equal(want) {
			t.Fatalf("%+v: decoded %s, want %s", c, d, want)
		}
	}
}

func BenchmarkNumericEncode(b *testing.B) {
	m := pgtype.NewMap()
	d := decimal.RequireFromString("12345.67")
	b.Run("fast", func(b *testing.B) {
		var buf []byte
		for range b.N {
			buf, _ = fastNumericPlan{}.Encode(copyValue(d), buf[:0])
		}
	})
	b.Run("pgx", func(b *testing.B) {
		var buf []byte
		for range b.N {
			buf, _ = m.Encode(pgtype.NumericOID, pgtype.BinaryFormatCode, pgtype.Numeric{Int: d.Coefficient(), Exp: d.Exponent(), Valid: true}, buf[:0])
		}
	})
}
