package value

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// DecimalText writes d as text, refusing a decimal whose digits no
// numeric holds (its text would be enormous).
func DecimalText(d decimal.Decimal) (string, error) {
	if d.NumDigits()+abs(int(d.Exponent())) > MaxIntDigits+MaxScale {
		return "", rangef("%s has too many digits to store as text", showDecimal(d, ""))
	}
	return d.String(), nil
}

// showDecimal shows d for a reason: as the source wrote it when known,
// else in full when short, else in scientific notation ("1e400").
func showDecimal(d decimal.Decimal, text string) string {
	if text != "" {
		return cut(text)
	}
	exp := int(d.Exponent())
	if d.NumDigits()+abs(exp) <= showLimit {
		return d.String()
	}
	digits, sign := d.Coefficient().String(), ""
	if digits[0] == '-' {
		sign, digits = "-", digits[1:]
	}
	mantissa := digits[:1]
	if len(digits) > 1 {
		mantissa += "." + digits[1:]
	}
	return sign + cut(mantissa) + "e" + strconv.Itoa(exp+len(digits)-1)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
