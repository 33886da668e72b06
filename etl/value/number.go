package value

// MaxExponent bounds the exponent of a decimal read from text, after the
// places of the fraction are counted in: |exponent| ≤ 10000, the limit
// shopspring's decimal.NewFromString applies by default. Beyond it a
// short text ("1e-2000000000") would cost unbounded time and memory.
const MaxExponent = 10000

// scanned is a number in decimal notation read by scan.
type scanned struct {
	coef   int64 // the digits with the sign, when fits
	exp    int64 // the exponent with the places of the fraction counted in
	fits   bool  // at most 18 digits: coef holds them
	digits int
}

// scan reads s (already trimmed) in decimal notation: an optional + or -,
// ASCII digits with at most one point (at least one digit), and an
// optional exponent: e or E, an optional sign, at least one digit. It
// refuses everything else strconv or shopspring would also read: NaN,
// Inf, hex, underscores, a Unicode minus, an exponent alone.
func scan(s string) (n scanned, ok bool) {
	i, neg := 0, false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg, i = s[i] == '-', i+1
	}
	point := false
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' && !point {
			point = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		n.digits++
		n.coef = n.coef*10 + int64(c-'0') // wraps past 18 digits; fits is false then
		if point {
			n.exp--
		}
	}
	e, eok := exponent(s[i:])
	if n.digits == 0 || !eok {
		return scanned{}, false
	}
	if neg {
		n.coef = -n.coef
	}
	n.exp += e
	n.fits = n.digits <= 18
	return n, true
}

// expCap saturates an exponent's digits: beyond it, no text of a sane
// length brings the exponent back within MaxExponent.
const expCap = 1 << 40

// exponent parses "", or e or E, an optional sign and one or more digits
// (saturating at expCap).
func exponent(s string) (int64, bool) {
	if s == "" {
		return 0, true
	}
	if len(s) < 2 || (s[0] != 'e' && s[0] != 'E') {
		return 0, false
	}
	s, neg := s[1:], false
	if s[0] == '+' || s[0] == '-' {
		s, neg = s[1:], s[0] == '-'
	}
	if len(s) == 0 {
		return 0, false
	}
	var e int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		e = min(e*10+int64(s[i]-'0'), expCap)
	}
	if neg {
		e = -e
	}
	return e, true
}
