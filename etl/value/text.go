package value

import (
	"strings"
	"unicode/utf8"
)

// Text refuses what PostgreSQL text refuses (a NUL byte, invalid UTF-8),
// on every database, and text of more than maxLen characters (a
// varchar(maxLen)); maxLen 0 is no limit.
func Text(s string, maxLen int) error {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return rangef("text has a NUL byte at byte offset %d, which the warehouse cannot store; remove it in the source or with a step", i)
	}
	if !utf8.ValidString(s) {
		return rangef("text is not valid UTF-8 at byte offset %d; set the source's encoding or fix the text", invalidUTF8At(s))
	}
	if maxLen > 0 && len(s) > maxLen {
		if n := utf8.RuneCountInString(s); n > maxLen {
			return rangef("text has %d characters, varchar(%d) holds at most %d", n, maxLen, maxLen)
		}
	}
	return nil
}

func invalidUTF8At(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(s)
}
