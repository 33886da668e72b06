package infer

import (
	"strconv"
	"strings"
	"unicode"
)

// maxName is the longest column name: PostgreSQL keeps 63 bytes.
const maxName = 63

// symbols are the characters that carry meaning in a header; they become
// words instead of separators.
var symbols = map[rune]string{'%': "pct", '#': "num", '&': "and", '@': "at", '+': "plus", '$': "usd"}

// Name returns the snake_case column name for a source field name: "US
// Gross" is us_gross, "OrderID" order_id, "%Change" pct_change. Letters
// outside ASCII lose their accents or become separators; a name that
// starts with a digit gets the prefix col_, an SQL keyword the suffix _,
// an empty one is "col". The result is a valid unquoted SQL identifier
// of at most 63 bytes.
func Name(source string) string {
	name := strings.Join(words(source), "_")
	if name == "" {
		return "col"
	}
	if name[0] >= '0' && name[0] <= '9' {
		name = "col_" + name
	}
	name = cut(name, maxName)
	if keywords[name] {
		name += "_"
	}
	return name
}

// Names returns the Name of each source, made unique within the list by
// the suffixes _2, _3 … in order.
func Names(sources []string) []string {
	out := make([]string, len(sources))
	seen := make(map[string]bool, len(sources))
	for i, s := range sources {
		base := Name(s)
		name := base
		for n := 2; seen[name]; n++ {
			suffix := "_" + strconv.Itoa(n)
			name = cut(base, maxName-len(suffix)) + suffix
		}
		seen[name] = true
		out[i] = name
	}
	return out
}

// cut shortens name to n bytes without a trailing underscore.
func cut(name string, n int) string {
	if len(name) > n {
		name = name[:n]
	}
	return strings.TrimRight(name, "_")
}

// words splits s into lowercase ASCII words: at anything that is not a
// letter or digit, between a lower-case letter or digit and an upper-case
// one (orderId), and before the last capital of a run followed by a
// lower-case letter (HTTPServer).
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(fold(s))
	for i, r := range rs {
		if w, ok := symbols[r]; ok {
			flush()
			out = append(out, w)
			continue
		}
		if !isASCIIAlnum(r) {
			flush()
			continue
		}
		if len(cur) > 0 && wordStart(rs, i) {
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// wordStart tells whether the letter rs[i] starts a new word in camel
// case, given that rs[i-1] is in the current word.
func wordStart(rs []rune, i int) bool {
	prev, r := rs[i-1], rs[i]
	if !unicode.IsUpper(r) {
		return false
	}
	if unicode.IsLower(prev) || unicode.IsDigit(prev) {
		return true
	}
	return unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1])
}

func isASCIIAlnum(r rune) bool {
	return r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// accents maps common Latin letters with diacritics to ASCII.
var accents = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "æ", "ae",
	"ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "ñ", "n",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o", "œ", "oe",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y", "ß", "ss",
	"Á", "A", "À", "A", "Â", "A", "Ä", "A", "Ã", "A", "Å", "A", "Æ", "Ae",
	"Ç", "C", "É", "E", "È", "E", "Ê", "E", "Ë", "E",
	"Í", "I", "Ì", "I", "Î", "I", "Ï", "I", "Ñ", "N",
	"Ó", "O", "Ò", "O", "Ô", "O", "Ö", "O", "Õ", "O", "Ø", "O", "Œ", "Oe",
	"Ú", "U", "Ù", "U", "Û", "U", "Ü", "U", "Ý", "Y",
)

func fold(s string) string { return accents.Replace(s) }
