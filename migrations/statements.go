package migrations

import (
	"strings"

	"github.com/warehouse-loader/loader/internal/sqltext"
)

// splitStatements splits SQL text into statements (see sqltext.Split). It
// is used to point at the statement a failed migration stopped on.
func splitStatements(sql string) []string { return sqltext.Split(sql) }

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
