// Package sqltext reads SQL text without parsing it: it tells tokens from
// quoted strings, identifiers, dollar-quoted bodies and comments, as the
// database's own lexer does, so that callers can cut a script into
// statements or look at a statement's keywords without being fooled by a
// ';' or a keyword inside a literal.
package sqltext

import "strings"

// Dialect selects the quoting rules of a database.
type Dialect int

// The dialects.
const (
	// Postgres: '…' and E'…' (backslash escapes) strings, "…" identifiers,
	// $tag$…$tag$ bodies, nested /* */ comments.
	Postgres Dialect = iota
	// SQLite: '…' strings, "…", `…` and […] identifiers, no dollar quotes.
	SQLite
	// MySQL: '…' and "…" strings with backslash escapes, `…` identifiers,
	// # and "-- " comments (a dash pair followed by white space), /* */
	// comments that do not nest.
	MySQL
)

// Kind is the kind of a Token.
type Kind int

// The kinds of tokens.
const (
	// Word is a bare word: a keyword, an unquoted identifier, a number or
	// a $1 parameter.
	Word Kind = iota
	// Quoted is a string, a quoted identifier or a dollar-quoted body,
	// quotes (and an E prefix) included.
	Quoted
	// Punct is any other single byte: ; ( ) , . = and so on.
	Punct
	space // white space or a comment; never returned
)

// Token is one lexical element of SQL text; comments and white space are
// not tokens.
type Token struct {
	Kind Kind
	Text string
	// Pos is the byte offset of Text in the SQL text.
	Pos int
}

// Is reports whether t is the bare word w, in any letter case.
func (t Token) Is(w string) bool { return t.Kind == Word && strings.EqualFold(t.Text, w) }

// Split splits SQL text into statements with PostgreSQL's quoting rules
// (which read SQLite's migrations right too); see Dialect.Split.
func Split(sql string) []string { return Postgres.Split(sql) }

// Tokens returns the tokens of sql in order. An unterminated quote or
// comment runs to the end of the text.
func (d Dialect) Tokens(sql string) []Token {
	var out []Token
	for i := 0; i < len(sql); {
		end, kind := d.next(sql, i)
		if kind != space {
			out = append(out, Token{Kind: kind, Text: sql[i:end], Pos: i})
		}
		i = end
	}
	return out
}

// Split splits SQL text into statements at semicolons that are not inside
// quotes, comments or dollar-quoted bodies. Statements come back trimmed,
// without their ';'; a piece holding only comments and white space is not
// a statement.
func (d Dialect) Split(sql string) []string {
	var out []string
	start, seen := 0, false
	for _, t := range d.Tokens(sql) {
		if t.Kind == Punct && t.Text == ";" {
			if seen {
				out = append(out, strings.TrimSpace(sql[start:t.Pos]))
			}
			start, seen = t.Pos+1, false
			continue
		}
		seen = true
	}
	if seen {
		out = append(out, strings.TrimSpace(sql[start:]))
	}
	return out
}

// next returns the end of the token, comment or space at sql[i] and its
// kind.
func (d Dialect) next(sql string, i int) (int, Kind) {
	switch c := sql[i]; {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		return i + 1, space
	case strings.HasPrefix(sql[i:], "--") && (d != MySQL || dashComment(sql, i)),
		d == MySQL && c == '#':
		return skipUntil(sql, i, "\n"), space
	case strings.HasPrefix(sql[i:], "/*"):
		return skipComment(sql, i, d == Postgres), space
	case c == '\'' || c == '"' || (d != Postgres && c == '`'):
		return skipQuoted(sql, i, c, d == MySQL && c != '`'), Quoted
	case d == SQLite && c == '[':
		return min(skipUntil(sql, i, "]")+1, len(sql)), Quoted
	case d == Postgres && (c == 'E' || c == 'e') && strings.HasPrefix(sql[i+1:], "'"):
		return skipQuoted(sql, i+1, '\'', true), Quoted
	case d == Postgres && c == '$' && skipDollar(sql, i) > i:
		return skipDollar(sql, i), Quoted
	case isWord(c):
		j := i + 1
		for j < len(sql) && isWord(sql[j]) {
			j++
		}
		return j, Word
	default:
		return i + 1, Punct
	}
}

// skipQuoted returns the end of the quoted text starting at sql[i] (a
// doubled quote, or with backslash escapes a \-escaped byte, is part of
// the text).
func skipQuoted(sql string, i int, q byte, backslash bool) int {
	for j := i + 1; j < len(sql); j++ {
		switch {
		case backslash && sql[j] == '\\':
			j++
		case sql[j] == q && j+1 < len(sql) && sql[j+1] == q:
			j++
		case sql[j] == q:
			return j + 1
		}
	}
	return len(sql)
}

// skipComment returns the end of the /* comment */ at sql[i]; PostgreSQL's
// nest.
func skipComment(sql string, i int, nested bool) int {
	depth := 0
	for j := i; j+1 < len(sql); j++ {
		switch {
		case sql[j] == '/' && sql[j+1] == '*' && (nested || depth == 0):
			depth++
			j++
		case sql[j] == '*' && sql[j+1] == '/':
			if depth--; depth == 0 {
				return j + 2
			}
			j++
		}
	}
	return len(sql)
}

// dashComment reports whether the "--" at sql[i] starts a MySQL comment:
// it must be followed by white space or end the text.
func dashComment(sql string, i int) bool {
	return i+2 >= len(sql) || strings.IndexByte(" \t\n\r\f\v", sql[i+2]) >= 0
}

// skipUntil returns the index of end in sql from i, or len(sql).
func skipUntil(sql string, i int, end string) int {
	if k := strings.Index(sql[i:], end); k >= 0 {
		return i + k
	}
	return len(sql)
}

// skipDollar returns the end of the $tag$ … $tag$ body starting at sql[i],
// or i when sql[i] starts no such body (a $1 parameter, a lone $).
func skipDollar(sql string, i int) int {
	j := i + 1
	for j < len(sql) && (sql[j] == '_' || isAlnum(sql[j]) || sql[j] >= 0x80) {
		j++
	}
	if j >= len(sql) || sql[j] != '$' || (j > i+1 && sql[i+1] >= '0' && sql[i+1] <= '9') {
		return i
	}
	tag := sql[i : j+1]
	if k := strings.Index(sql[j+1:], tag); k >= 0 {
		return j + 1 + k + len(tag)
	}
	return len(sql)
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isWord reports whether c may be part of a bare word ($ for parameters
// and the identifiers that hold one; bytes of UTF-8 letters).
func isWord(c byte) bool { return isAlnum(c) || c == '_' || c == '$' || c >= 0x80 }
