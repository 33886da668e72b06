package driver

import (
	"strings"

	"github.com/warehouse-loader/loader/internal/sqltext"
)

// What a CHECK expression reads and holds, told from its tokens.

// ColumnsIn returns the columns (of those given) the expression names,
// sorted.
func ColumnsIn(lex sqltext.Dialect, expr string, columns []string) []string {
	var out []string
	for _, t := range lex.Tokens(expr) {
		for _, c := range columns {
			if t.Is(c) || t.Kind == sqltext.Quoted && Unquote(t.Text) == c && !isString(t.Text) {
				out = append(out, c)
			}
		}
	}
	return SortedSet(out)
}

// LiteralsIn returns the string and number literals of an expression,
// sorted and without a sign: PostgreSQL prints -1 as '-1'::integer.
func LiteralsIn(lex sqltext.Dialect, expr string) []string {
	var out []string
	for _, t := range lex.Tokens(expr) {
		switch {
		case t.Kind == sqltext.Quoted && isString(t.Text):
			out = append(out, strings.TrimPrefix(Unquote(strings.TrimLeft(t.Text, "Ee")), "-"))
		case t.Kind == sqltext.Word && t.Text[0] >= '0' && t.Text[0] <= '9':
			out = append(out, t.Text)
		}
	}
	return SortedSet(out)
}

// isString tells a quoted string from a quoted identifier.
func isString(quoted string) bool { return strings.HasPrefix(strings.TrimLeft(quoted, "Ee"), "'") }

// Unquote strips the quotes of a quoted token and undoubles inner ones.
func Unquote(quoted string) string {
	if len(quoted) < 2 {
		return quoted
	}
	open, body := quoted[0], quoted[1:len(quoted)-1]
	if open == '[' {
		return body
	}
	return strings.ReplaceAll(body, string([]byte{open, open}), string(open))
}
