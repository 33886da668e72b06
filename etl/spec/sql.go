package spec

import (
	"fmt"
	"strings"
)

// sqlLists returns the pipeline's before_sql and after_sql statements,
// refusing an empty one.
func sqlLists(ps *Pipeline) (before, after []string, err error) {
	lists := []struct {
		name       string
		statements []string
	}{{"before_sql", ps.BeforeSQL}, {"after_sql", ps.AfterSQL}}
	for _, l := range lists {
		for i, q := range l.statements {
			if strings.TrimSpace(q) == "" {
				return nil, nil, fmt.Errorf("%s statement %d is empty; write a SQL statement or remove the entry", l.name, i+1)
			}
		}
	}
	return ps.BeforeSQL, ps.AfterSQL, nil
}
