package migrations

import "strings"

// splitStatements splits SQL text into statements at semicolons that are
// not inside quotes, comments or PostgreSQL dollar-quoted bodies. It is
// used to point at the statement a failed migration stopped on.
func splitStatements(sql string) []string {
	var out []string
	start := 0
	for i := 0; i < len(sql); i++ {
		switch c := sql[i]; {
		case c == '\'' || c == '"':
			i = skipQuoted(sql, i, c)
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			i = skipUntil(sql, i, "\n")
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			i = skipUntil(sql, i+2, "*/") + 1
		case c == '$':
			i = skipDollar(sql, i)
		case c == ';':
			out = appendStatement(out, sql[start:i])
			start = i + 1
		}
	}
	return appendStatement(out, sql[start:])
}

func appendStatement(out []string, s string) []string {
	if stripComments(s) == "" {
		return out
	}
	return append(out, strings.TrimSpace(s))
}

// stripComments drops -- line comments and surrounding space, to tell an
// empty statement from a real one.
func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "--") {
			b.WriteString(t)
		}
	}
	return b.String()
}

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

// skipDollar skips a $tag$ … $tag$ body; a $1 parameter is left alone.
func skipDollar(sql string, i int) int {
	j := i + 1
	for j < len(sql) && (sql[j] == '_' || isAlnum(sql[j])) {
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

// oneLine folds white space so a statement fits in a one-line error.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(stripCommentLines(s)), " ")
	if len(s) > 200 {
		s = s[:197] + "..."
	}
	return s
}

func stripCommentLines(s string) string {
	lines := strings.Split(s, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), "--") {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}
