package repository

import (
	"strings"

	"github.com/warehouse-loader/loader/internal/sqltext"
)

// What a CHECK expression reads and holds, told from its tokens.

// columnsIn returns the columns (of those given) the expression names,
// sorted.
func columnsIn(lex sqltext.Dialect, expr string, columns []string) []string {
	var out []string
	for _, t := range lex.Tokens(expr) {
		for _, c := range columns {
			if t.Is(c) || t.Kind == sqltext.Quoted && unquote(t.Text) == c && !isString(t.Text) {
				out = append(out, c)
			}
		}
	}
	return sortedSet(out)
}

// literalsIn returns the string and number literals of an expression,
// sorted and without a sign: PostgreSQL prints -1 as '-1'::integer.
func literalsIn(lex sqltext.Dialect, expr string) []string {
	var out []string
	for _, t := range lex.Tokens(expr) {
		switch {
		case t.Kind == sqltext.Quoted && isString(t.Text):
			out = append(out, strings.TrimPrefix(unquote(strings.TrimLeft(t.Text, "Ee")), "-"))
		case t.Kind == sqltext.Word && t.Text[0] >= '0' && t.Text[0] <= '9':
			out = append(out, t.Text)
		}
	}
	return sortedSet(out)
}

// isString tells a quoted string from a quoted identifier.
func isString(quoted string) bool { return strings.HasPrefix(strings.TrimLeft(quoted, "Ee"), "'") }

// unquote strips the quotes of a quoted token and undoubles inner ones.
func unquote(quoted string) string {
	if len(quoted) < 2 {
		return quoted
	}
	open, body := quoted[0], quoted[1:len(quoted)-1]
	if open == '[' {
		return body
	}
	return strings.ReplaceAll(body, string([]byte{open, open}), string(open))
}

// checksInDDL finds the CHECK clauses of a SQLite CREATE TABLE statement.
func checksInDDL(ddl string, columns []string) []checkConstraint {
	toks := sqltext.SQLite.Tokens(ddl)
	var out []checkConstraint
	for i, t := range toks {
		if !t.Is("CHECK") || i+1 >= len(toks) || toks[i+1].Text != "(" {
			continue
		}
		end := closingParen(toks, i+1)
		if end < 0 {
			continue
		}
		expr := ddl[t.Pos : toks[end].Pos+1]
		c := checkConstraint{Expr: expr, Columns: columnsIn(sqltext.SQLite, expr, columns), Literals: literalsIn(sqltext.SQLite, expr)}
		if i >= 2 && toks[i-2].Is("CONSTRAINT") {
			if c.Name = toks[i-1].Text; toks[i-1].Kind == sqltext.Quoted {
				c.Name = unquote(c.Name)
			}
		}
		out = append(out, c)
	}
	return out
}

// closingParen returns the index of the token closing the parenthesis at
// open, or -1.
func closingParen(toks []sqltext.Token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		if toks[i].Kind != sqltext.Punct {
			continue
		}
		switch toks[i].Text {
		case "(":
			depth++
		case ")":
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}
