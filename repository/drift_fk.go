package repository

import (
	"fmt"
	"sort"

	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/repository/driver"
)

// declaredFK is a foreign key a model's relationship field declares.
type declaredFK struct {
	foreignKey
	Field string // Model.Field
}

// declaredForeignKeys returns, by table, the foreign keys the models'
// relationships declare (GORM's `constraint` tag; every relationship has
// one unless tagged constraint:-).
func declaredForeignKeys(schemas []*schema.Schema) map[string][]declaredFK {
	out := map[string][]declaredFK{}
	seen := map[string]bool{}
	for _, sch := range schemas {
		names := make([]string, 0, len(sch.Relationships.Relations))
		for n := range sch.Relationships.Relations {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			c := sch.Relationships.Relations[n].ParseConstraint()
			if c == nil || c.Schema == nil || c.ReferenceSchema == nil {
				continue
			}
			fk := declaredFK{foreignKey{Name: c.Name, Columns: dbNames(c.ForeignKeys), RefTable: c.ReferenceSchema.Table,
				RefColumns: dbNames(c.References), OnDelete: driver.SQLAction(c.OnDelete), OnUpdate: driver.SQLAction(c.OnUpdate)}, sch.Name + "." + c.Field.Name}
			if id := c.Schema.Table + fk.Signature(); !seen[id] {
				seen[id] = true
				out[c.Schema.Table] = append(out[c.Schema.Table], fk)
			}
		}
	}
	return out
}

func dbNames(fields []*schema.Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.DBName
	}
	return out
}

// foreignKeyDrift compares the declared foreign keys with the database's,
// matched by columns and referenced table and columns.
func foreignKeyDrift(sch *schema.Schema, want []declaredFK, got []foreignKey) []Drift {
	used := make([]bool, len(got))
	var out []Drift
	for k := range want {
		w := &want[k]
		j := -1
		for i := range got {
			if !used[i] && got[i].Signature() == w.Signature() {
				j = i
				break
			}
		}
		if j < 0 {
			out = append(out, Drift{Table: sch.Table, Column: w.Column(), Problem: fmt.Sprintf("%s declared by %s is missing from the database; add a migration that adds it", w.foreignKey, w.Field)})
			continue
		}
		used[j] = true
		out = append(out, actionDrift(sch.Table, *w, got[j])...)
	}
	for i, g := range got {
		if !used[i] {
			out = append(out, Drift{Table: sch.Table, Column: g.Column(), Problem: fmt.Sprintf("%s%s exists in the database but no field of %s declares it; declare it with a relationship field and a `constraint` tag (or drop it in a migration)", g, named(g.Name), sch.Name)})
		}
	}
	return out
}

func actionDrift(table string, w declaredFK, g foreignKey) []Drift {
	var out []Drift
	for _, a := range []struct{ on, want, have string }{{"DELETE", w.OnDelete, g.OnDelete}, {"UPDATE", w.OnUpdate, g.OnUpdate}} {
		if a.want != a.have {
			out = append(out, Drift{Table: table, Column: w.Column(), Problem: fmt.Sprintf("ON %s of foreign key → %s differs: %s says %s, database has %s; add a migration that makes them agree (or fix the model)", a.on, w.RefTable, w.Field, a.want, a.have)})
		}
	}
	return out
}

// named is " (name)" for a named constraint, or nothing.
func named(name string) string {
	if name == "" {
		return ""
	}
	return " (" + name + ")"
}
