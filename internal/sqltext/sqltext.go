// Package sqltext reads SQL text without parsing it: it tells tokens from
// quoted strings, identifiers, dollar-quoted bodies and comments, so that
// callers can cut a script into statements or look at a statement's
// keywords without being fooled by a ';' or a keyword inside a literal.
package sqltext

import "strings"

// Kind is the kind of a Token.
type Kind int

// The kinds of tokens.
const (
	// Word is a bare word: a keyword, an unquoted identifier, a number or
	// a $1 parameter.
	Word Kind = iota
	// Quoted is a '…' string, a "…" identifier or a $tag$…$tag$ body,
	// quotes included.
	Quoted
	// Punct is any other single byte: ; ( ) , . = and so on.
	Punct
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

// Tokens returns the tokens of sql in order. An unterminated quote or
// comment runs to the end of the text.
func Tokens(sql string) []Token {
	var out []Token
	for i := 0; i < len(sql); {
		end, kind := next(sql, i)
		if kind >= 0 {
			out = append(out, Token{Kind: kind, Text: sql[i:end], Pos: i})
		}
		i = end
	}
	return out
}

// next returns the end of the token, comment or space at sql[i] and its
// kind (-1 for a comment or white space).
func next(sql string, i int) (int, Kind) {
	switch c := sql[i]; {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		return i + 1, -1
	case strings.HasPrefix(sql[i:], "--"):
		return skipUntil(sql, i, "\n"), -1
	case strings.HasPrefix(sql[i:], "/*"):
		return min(skipUntil(sql, i+2, "*/")+2, len(sql)), -1
	case c == '\'' || c == '"':
		return min(skipQuoted(sql, i, c)+1, len(sql)), Quoted
	case c == '$' && skipDollar(sql, i) > i:
		return min(skipDollar(sql, i)+1, len(sql)), Quoted
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

// Split splits SQL text into statements at semicolons that are not inside
// quotes, comments or PostgreSQL dollar-quoted bodies. Statements come
// back trimmed, without their ';'; a piece holding only comments and white
// space is not a statement.
func Split(sql string) []string {
	var out []string
	start, seen := 0, false
	for _, t := range Tokens(sql) {
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

// skipQuoted returns the index of the quote closing the one at sql[i]
// (a doubled quote is part of the text), or len(sql).
func skipQuoted(sql string, i int, q byte) int {
	for j := i + 1; j < len(sql); j++ {
		if sql[j] == q {
			if j+1 < len(sql) && sql[j+1] == q {
				j++
				continue
			}
			return j
		}
	}
	return len(sql)
}

func skipUntil(sql string, i int, end string) int {
	if k := strings.Index(sql[i:], end); k >= 0 {
		return i + k
	}
	return len(sql)
}

// skipDollar returns the index of the last byte of the $tag$ … $tag$ body
// starting at sql[i], or i when sql[i] starts no such body (a $1
// parameter, a lone $).
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
		return j + 1 + k + len(tag) - 1
	}
	return len(sql)
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isWord reports whether c may be part of a bare word ($ for parameters
// and the PostgreSQL identifiers that hold one; bytes of UTF-8 letters).
func isWord(c byte) bool { return isAlnum(c) || c == '_' || c == '$' || c >= 0x80 }
