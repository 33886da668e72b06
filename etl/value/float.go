package value

import (
	"math"
	"strconv"
	"strings"
)

// Float reads s, trimmed, in decimal notation (see scan: no hex, no
// underscores) as the nearest float64, as strconv.ParseFloat(s, 64) does
// (a magnitude below the smallest float reads as 0), then fits it to bits
// as FitFloat does, so text and a float from a cast step fit alike. It
// refuses NaN and the infinities, written or reached by overflow
// ("1e1000").
func Float(s string, bits int) (float64, error) {
	t := trim(s)
	if _, ok := scan(t); !ok {
		if nonFinite(t) {
			return 0, rangef("%s is not a finite number", cut(t))
		}
		return 0, notValid(s, "float")
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, rangef("%s is out of range for a float", cut(t))
	}
	return fitFloat(f, bits, cut(t))
}

// FitFloat refuses NaN and the infinities (SQLite and PostgreSQL store
// them differently, or not at all) and, for bits 32, values a real
// cannot hold (that round to an infinity); for bits 32 it rounds to the
// nearest 32-bit float, as PostgreSQL stores a real.
func FitFloat(f float64, bits int) (float64, error) {
	return fitFloat(f, bits, "")
}

// maxReal is the smallest magnitude that rounds to an infinity as a
// float32: halfway between MaxFloat32 and 2^128.
const maxReal = math.MaxFloat32 + 0x1p103

// fitFloat is FitFloat; shown is f as the source wrote it, or "".
func fitFloat(f float64, bits int, shown string) (float64, error) {
	if shown == "" {
		shown = strconv.FormatFloat(f, 'g', -1, 64)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, rangef("%s is not a finite number", shown)
	}
	if bits != 32 {
		return f, nil
	}
	if math.Abs(f) >= maxReal {
		return 0, rangef("%s is out of range for a 32-bit float", shown)
	}
	return float64(float32(f)), nil
}

// nonFinite reports whether t is one of the words strconv reads as NaN or
// an infinity: nan, inf, infinity, any case, the last two signed.
func nonFinite(t string) bool {
	if len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	return strings.EqualFold(t, "nan") || strings.EqualFold(t, "inf") || strings.EqualFold(t, "infinity")
}
