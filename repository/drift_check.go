package repository

import (
	"fmt"
	"slices"
	"sort"

	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/internal/sqltext"
	"github.com/warehouse-loader/loader/repository/driver"
)

// CHECK constraints are compared by what can be read the same way on
// every database: the columns a constraint reads and the literals it
// holds ('Low', 0 …). Constraint names are not compared (GORM, PostgreSQL
// and SQLite each name an unnamed CHECK differently), nor the operators,
// which PostgreSQL rewrites (IN (…) becomes = ANY (ARRAY[…])).

// declaredCheck is a CHECK a model field declares (the `check` tag).
type declaredCheck struct {
	checkConstraint
	Field string // Model.Field
}

// declaredChecks returns the model's CHECK constraints, by name.
func declaredChecks(lex sqltext.Dialect, sch *schema.Schema) []declaredCheck {
	checks := sch.ParseCheckConstraints()
	names := make([]string, 0, len(checks))
	for n := range checks {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]declaredCheck, 0, len(names))
	for _, n := range names {
		c := checks[n]
		expr := "CHECK (" + c.Constraint + ")"
		cc := checkConstraint{Name: n, Expr: expr, Columns: driver.ColumnsIn(lex, expr, sch.DBNames), Literals: driver.LiteralsIn(lex, expr)}
		out = append(out, declaredCheck{cc, sch.Name + "." + c.Field.Name})
	}
	return out
}

// checkDrift compares the declared CHECKs with the database's.
func checkDrift(lex sqltext.Dialect, sch *schema.Schema, got []checkConstraint) []Drift {
	used := make([]bool, len(got))
	var out []Drift
	for _, w := range declaredChecks(lex, sch) {
		j := matchCheck(w.checkConstraint, got, used)
		if j < 0 {
			out = append(out, Drift{Table: sch.Table, Column: w.Column(), Problem: fmt.Sprintf("%s declared by %s is missing from the database; add a migration that adds it", w.Expr, w.Field)})
			continue
		}
		used[j] = true
		if !slices.Equal(w.Literals, got[j].Literals) {
			out = append(out, Drift{Table: sch.Table, Column: w.Column(), Problem: fmt.Sprintf("CHECK differs: %s says %s, database has %s; add a migration that makes them agree (or fix the model)", w.Field, w.Expr, got[j].Expr)})
		}
	}
	for i, g := range got {
		if !used[i] {
			out = append(out, Drift{Table: sch.Table, Column: g.Column(), Problem: fmt.Sprintf("%s%s exists in the database but no field of %s declares it; declare it with a `check` tag (or drop it in a migration)", g.Expr, named(g.Name), sch.Name)})
		}
	}
	return out
}

// matchCheck returns the unused database CHECK reading the same columns
// as w, one with the same literals first, or -1.
func matchCheck(w checkConstraint, got []checkConstraint, used []bool) int {
	j := -1
	for i, g := range got {
		if used[i] || !slices.Equal(g.Columns, w.Columns) {
			continue
		}
		if slices.Equal(g.Literals, w.Literals) {
			return i
		}
		if j < 0 {
			j = i
		}
	}
	return j
}
