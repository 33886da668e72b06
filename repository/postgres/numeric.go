package postgres

import (
	"encoding/binary"
	"math"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"
)

// PostgreSQL type names the drift check and the column limits share.
const (
	pgNumeric = "numeric"
	pgInt4    = "int4"
	pgInt8    = "int8"
	pgInt2    = "int2"
	pgBpchar  = "bpchar"
)

// fastNumeric is an exact decimal whose coefficient fits in 64 bits (every
// numeric(12,2) amount does), encoded for COPY without big-integer
// arithmetic. Other decimals go through pgtype.Numeric.
type fastNumeric struct {
	coef  int64
	scale int32 // digits after the point, ≥ 0
}

// copyValue converts a decimal to what COPY encodes fastest.
func copyValue(d decimal.Decimal) any {
	exp := d.Exponent()
	if exp > 0 || exp < -1000 || d.NumDigits() > 18 { // 10^18 < 2^63
		return pgtype.Numeric{Int: d.Coefficient(), Exp: exp, Valid: true}
	}
	return fastNumeric{coef: d.CoefficientInt64(), scale: -exp}
}

type fastNumericPlan struct{}

// Encode writes the binary numeric format: ndigits, weight, sign, dscale
// (int16 each), then base-10000 digits, most significant first, with the
// decimal point on a digit boundary.
func (fastNumericPlan) Encode(value any, buf []byte) ([]byte, error) {
	n, _ := value.(fastNumeric)
	sign := uint16(0)
	u := uint64(n.coef)
	if n.coef < 0 {
		sign, u = 0x4000, uint64(-n.coef)
		if n.coef == math.MinInt64 {
			u = 1 << 63
		}
	}
	// Pad the fraction to whole groups of 4 digits.
	pad := (4 - n.scale%4) % 4
	fracGroups := int((n.scale + pad) / 4)
	var digits [12]uint16 // 2^63 × 10^3 < 10000^6; room to spare
	nd := 0
	hi, lo := mulPow10(u, pad)
	for hi > 0 || lo > 0 {
		var r uint64
		hi, lo, r = divmod10000(hi, lo)
		digits[nd] = uint16(r)
		nd++
	}
	weight := nd - fracGroups - 1
	// digits holds least significant first; drop trailing zero groups.
	start := 0
	for start < nd && digits[start] == 0 {
		start++
	}
	if start == nd {
		nd, weight, start = 0, 0, 0
	}
	buf = binary.BigEndian.AppendUint16(buf, uint16(nd-start))
	buf = binary.BigEndian.AppendUint16(buf, uint16(int16(weight)))
	buf = binary.BigEndian.AppendUint16(buf, sign)
	buf = binary.BigEndian.AppendUint16(buf, uint16(n.scale))
	for i := nd - 1; i >= start; i-- {
		buf = binary.BigEndian.AppendUint16(buf, digits[i])
	}
	return buf, nil
}

// mulPow10 returns u × 10^p (p < 4) as a 128-bit hi:lo pair.
func mulPow10(u uint64, p int32) (hi, lo uint64) {
	f := uint64(1)
	for range p {
		f *= 10
	}
	return mul64(u, f)
}

func mul64(a, b uint64) (hi, lo uint64) {
	const mask = 1<<32 - 1
	a1, a0, b1, b0 := a>>32, a&mask, b>>32, b&mask
	w0 := a0 * b0
	t := a1*b0 + w0>>32
	w1, w2 := t&mask, t>>32
	w1 += a0 * b1
	return a1*b1 + w2 + w1>>32, a * b
}

// divmod10000 divides the 128-bit hi:lo by 10000.
func divmod10000(hi, lo uint64) (qhi, qlo, r uint64) {
	qhi, r = hi/10000, hi%10000
	// (r<<64 + lo) / 10000, with r < 10000, in two 32-bit steps.
	x := r<<32 | lo>>32
	q1, r1 := x/10000, x%10000
	y := r1<<32 | lo&(1<<32-1)
	q0, r0 := y/10000, y%10000
	return qhi, q1<<32 | q0, r0
}
