package driver

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// What the drift check reads from a database's catalogue, in the same
// shape whatever the database: Catalog's readers return these.

// KeyIndex is a primary key or a unique index (or constraint) of a table.
type KeyIndex struct {
	Name       string
	Primary    bool
	Partial    bool     // has a WHERE clause
	Deferrable bool     // a DEFERRABLE constraint (PostgreSQL)
	Columns    []string // in index order; "" for an expression
}

// ForeignKey is a foreign key of a table, actions spelled as SQL
// ("NO ACTION", "CASCADE" …).
type ForeignKey struct {
	Name       string
	Columns    []string
	RefTable   string
	RefColumns []string
	OnDelete   string
	OnUpdate   string
}

// CheckConstraint is a CHECK constraint with the columns it reads.
type CheckConstraint struct {
	Name     string // empty for an unnamed SQLite CHECK
	Expr     string
	Columns  []string // sorted
	Literals []string // sorted, see LiteralsIn
}

// SortedSet returns the distinct names, sorted.
func SortedSet(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// FoldRows folds catalogue rows, those of one item adjacent, into items:
// first makes an item of its first row, add adds each of its rows.
func FoldRows[R, V any](rows []R, same func(a, b R) bool, first func(R) V, add func(*V, R)) []V {
	var out []V
	for i, r := range rows {
		if i == 0 || !same(rows[i-1], r) {
			out = append(out, first(r))
		}
		add(&out[len(out)-1], r)
	}
	return out
}

const NoAction = "NO ACTION"

// FKRow is one column of a foreign key as a catalogue lists it.
type FKRow struct {
	Name     string // PostgreSQL's constraint name
	ID       int    // SQLite's foreign key number
	Col      string
	RefTable string
	RefCol   string
	OnDelete string
	OnUpdate string
}

// GroupForeignKeys folds rows, ordered by key and position, into keys.
func GroupForeignKeys(rows []FKRow) []ForeignKey {
	return FoldRows(rows, func(a, b FKRow) bool { return a.Name == b.Name && a.ID == b.ID },
		func(r FKRow) ForeignKey {
			return ForeignKey{Name: r.Name, RefTable: r.RefTable, OnDelete: SQLAction(r.OnDelete), OnUpdate: SQLAction(r.OnUpdate)}
		},
		func(fk *ForeignKey, r FKRow) {
			fk.Columns = append(fk.Columns, r.Col)
			fk.RefColumns = append(fk.RefColumns, r.RefCol)
		})
}

// SQLAction spells a referential action as SQL; none is NO ACTION.
func SQLAction(a string) string {
	if a = strings.ToUpper(strings.TrimSpace(a)); a == "" {
		return NoAction
	}
	return a
}

// Signature identifies a foreign key by its columns and what they reference.
func (fk ForeignKey) Signature() string {
	return fmt.Sprintf("%q→%s%q", fk.Columns, fk.RefTable, fk.RefColumns)
}

func (fk ForeignKey) String() string {
	s := fmt.Sprintf("foreign key (%s) → %s(%s)", strings.Join(fk.Columns, ", "), fk.RefTable, strings.Join(fk.RefColumns, ", "))
	if fk.OnDelete != NoAction {
		s += " ON DELETE " + fk.OnDelete
	}
	if fk.OnUpdate != NoAction {
		s += " ON UPDATE " + fk.OnUpdate
	}
	return s
}

// Column is the column a drift line names: the key's one column, if so.
func (fk ForeignKey) Column() string {
	if len(fk.Columns) == 1 {
		return fk.Columns[0]
	}
	return ""
}

// ArbiterFor reports whether ON CONFLICT on the sorted columns want can
// use the index.
func (k KeyIndex) ArbiterFor(want []string) bool {
	if k.Partial || k.Deferrable || slices.Contains(k.Columns, "") {
		return false
	}
	return slices.Equal(SortedSet(k.Columns), want)
}

func (k KeyIndex) String() string {
	cols := make([]string, len(k.Columns))
	for i, c := range k.Columns {
		cols[i] = cmp.Or(c, "<expression>")
	}
	s := fmt.Sprintf("unique index %s on (%s)", k.Name, strings.Join(cols, ", "))
	if k.Partial {
		s += " WHERE …"
	}
	return s
}

// Signature identifies a unique index by what it enforces.
func (k KeyIndex) Signature() string {
	return fmt.Sprintf("%q partial=%t", SortedSet(k.Columns), k.Partial)
}

// Column is the column a drift line names: the one column read, if so.
func (c CheckConstraint) Column() string {
	if len(c.Columns) == 1 {
		return c.Columns[0]
	}
	return ""
}
