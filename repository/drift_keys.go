package repository

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/repository/driver"
)

// ErrNoUniqueKey is returned (wrapped) by Store.RequireUniqueKey when no
// primary key or unique index of the table covers exactly the upsert's
// key columns: ON CONFLICT would fail or, worse, rows would be appended
// as duplicates.
var ErrNoUniqueKey = errors.New("no unique key on the upsert columns")

// RequireUniqueKey checks that table has a primary key or a unique index
// (or constraint) on exactly the columns keys, in any order; a partial,
// expression or deferrable one does not count, as ON CONFLICT cannot use
// it. It returns an error wrapping ErrNoUniqueKey when there is none, and
// one wrapping ErrNotFound when the table does not exist. It reads the
// catalogue under the statement timeout (see WithStatementTimeout).
func (s *Store) RequireUniqueKey(ctx context.Context, table string, keys []string) error {
	var (
		found bool
		idx   []keyIndex
	)
	err := s.query(ctx, func(db *gorm.DB) error {
		var err error
		if found, err = hasTable(db, table); err == nil && found {
			idx, err = s.readKeys(db, table)
		}
		return err
	})
	switch {
	case err != nil:
		return err
	case !found:
		return fmt.Errorf("%w: table %s does not exist; run `loader migrate up` (or fix the table name)", ErrNotFound, table)
	}
	want := driver.SortedSet(keys)
	for _, k := range idx {
		if len(want) > 0 && k.ArbiterFor(want) {
			return nil
		}
	}
	cols := strings.Join(keys, ", ")
	return fmt.Errorf("%w: %s has no primary key or unique index on exactly (%s); add a migration with a unique index on (%s), or fix the keys", ErrNoUniqueKey, table, cols, cols)
}

// primaryKeyDrift compares the primary key columns, set and order.
func primaryKeyDrift(sch *schema.Schema, got []keyIndex) []Drift {
	want := sch.PrimaryFieldDBNames
	var have []string
	for _, k := range got {
		if k.Primary {
			have = k.Columns
		}
	}
	list := func(c []string) string { return "(" + strings.Join(c, ", ") + ")" }
	var problem string
	switch {
	case slices.Equal(want, have):
		return nil
	case len(have) == 0:
		problem = fmt.Sprintf("primary key %s declared by %s is missing from the database; add a migration that adds it", list(want), sch.Name)
	case len(want) == 0:
		problem = fmt.Sprintf("the database has primary key %s but %s declares none; declare it with `primaryKey` (or drop it in a migration)", list(have), sch.Name)
	default:
		problem = fmt.Sprintf("primary key differs: model %s says %s, database has %s; add a migration that makes them agree (or fix the model)", sch.Name, list(want), list(have))
	}
	return []Drift{{Table: sch.Table, Problem: problem}}
}

// declaredUniques returns the unique indexes (uniqueIndex) and unique
// constraints (unique) the model declares.
func declaredUniques(sch *schema.Schema) []keyIndex {
	var out []keyIndex
	for _, idx := range sch.ParseIndexes() {
		if idx.Class != "UNIQUE" {
			continue
		}
		k := keyIndex{Name: idx.Name, Partial: idx.Where != ""}
		for _, f := range idx.Fields {
			col := f.DBName
			if f.Expression != "" {
				col = "" // an expression, as the catalogue reports it
			}
			k.Columns = append(k.Columns, col)
		}
		out = append(out, k)
	}
	uniques := sch.ParseUniqueConstraints()
	names := make([]string, 0, len(uniques))
	for n := range uniques {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out = append(out, keyIndex{Name: n, Columns: []string{uniques[n].Field.DBName}})
	}
	return out
}

// uniqueDrift names the unique indexes on one side only, matched by the
// columns they cover.
func uniqueDrift(sch *schema.Schema, got []keyIndex) []Drift {
	have := map[string][]keyIndex{}
	for _, k := range got {
		if !k.Primary {
			have[k.Signature()] = append(have[k.Signature()], k)
		}
	}
	var out []Drift
	for _, w := range declaredUniques(sch) {
		if h := have[w.Signature()]; len(h) > 0 {
			have[w.Signature()] = h[1:]
			continue
		}
		d := Drift{Table: sch.Table, Problem: fmt.Sprintf("%s declared by %s is missing from the database; add a migration that creates it", w, sch.Name), Model: sch}
		if idx := indexNamed(sch, w.Name); idx != nil {
			d.Kind, d.Index = MissingIndex, idx
		}
		out = append(out, d)
	}
	for _, k := range got {
		if h := have[k.Signature()]; !k.Primary && slices.ContainsFunc(h, func(x keyIndex) bool { return x.Name == k.Name }) {
			out = append(out, Drift{Table: sch.Table, Problem: fmt.Sprintf("%s exists in the database but %s declares no unique index on those columns; declare it with `uniqueIndex` (or drop it in a migration)", k, sch.Name),
				Kind: ExtraIndex, Model: sch, Index: dbIndex(k.Name, "UNIQUE", k.Columns)})
		}
	}
	return out
}
