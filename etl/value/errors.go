package value

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The two classes of refusal; every error this package returns is an
// *Error that wraps one of them.
var (
	// ErrSyntax: the text is not written the way the kind is (not a
	// number, not a timestamp in any of the formats, not a bool word).
	ErrSyntax = errors.New("value: not written as the kind is")
	// ErrRange: the value is well written but the kind or the column does
	// not hold it (too many digits, out of range, not finite, outside the
	// years 1 to 9999, a NUL byte, too long).
	ErrRange = errors.New("value: not held by the kind or the column")
)

// Error is a refused value. Reason is the sentence a reject shows after
// "column <name>: "; Err is ErrSyntax or ErrRange.
type Error struct {
	Reason string
	Err    error
}

func (e *Error) Error() string { return e.Reason }

// Unwrap returns ErrSyntax or ErrRange.
func (e *Error) Unwrap() error { return e.Err }

func syntaxf(format string, a ...any) error {
	return &Error{Reason: fmt.Sprintf(format, a...), Err: ErrSyntax}
}

func rangef(format string, a ...any) error {
	return &Error{Reason: fmt.Sprintf(format, a...), Err: ErrRange}
}

// notValid refuses text s that is not written as a kind: s is quoted as
// given, and a Unicode minus is pointed out.
func notValid(s, kind string) error {
	hint := ""
	if strings.ContainsRune(s, '\u2212') {
		hint = "; it has a Unicode minus sign (U+2212): write '-'"
	}
	return syntaxf("%s is not a valid %s%s", quote(s), kind, hint)
}

// showLimit is how many characters of a value a reason shows.
const showLimit = 40

// quote quotes s for a reason, shortened to showLimit bytes.
func quote(s string) string {
	if len(s) <= showLimit {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:showLimit]) + "…"
}

// cut shortens s, ASCII text that parsed as a number, for a reason.
func cut(s string) string {
	if len(s) <= showLimit {
		return s
	}
	return s[:showLimit] + "…"
}

// trim removes the white space around a text value (unicode.IsSpace),
// as every kind does before reading it.
func trim(s string) string { return strings.TrimSpace(s) }
