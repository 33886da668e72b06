package repository

import (
	"fmt"
	"sort"

	"gorm.io/gorm"
)

// The catalogue readers below read keys and constraints directly, not
// through GORM's Migrator (gorm.io/driver/postgres v1.6, sqlite v1.6):
// its GetIndexes leaves out every constraint-backed index (primary keys,
// UNIQUE constraints) on PostgreSQL, with columns in no set order, and
// UNIQUE constraints and the rowid primary key on SQLite; it tells no
// partial or expression index; HasConstraint only finds a constraint by
// name, which the migrations' unnamed CHECKs and foreign keys lack.

// keyIndex is a primary key or a unique index (or constraint) of a table.
type keyIndex struct {
	Name       string
	Primary    bool
	Partial    bool     // has a WHERE clause
	Deferrable bool     // a DEFERRABLE constraint (PostgreSQL)
	Columns    []string // in index order; "" for an expression
}

// foreignKey is a foreign key of a table, actions spelled as SQL
// ("NO ACTION", "CASCADE" …).
type foreignKey struct {
	Name       string
	Columns    []string
	RefTable   string
	RefColumns []string
	OnDelete   string
	OnUpdate   string
}

// checkConstraint is a CHECK constraint with the columns it reads.
type checkConstraint struct {
	Name     string // empty for an unnamed SQLite CHECK
	Expr     string
	Columns  []string // sorted
	Literals []string // sorted, see literalsIn
}

// tableCatalog is what the database holds for one table.
type tableCatalog struct {
	keys   []keyIndex
	fks    []foreignKey
	checks []checkConstraint
}

// catalogue reads one dialect's keys and constraints of a table.
type catalogue struct {
	keys   func(db *gorm.DB, table string) ([]keyIndex, error)
	fks    func(db *gorm.DB, table string) ([]foreignKey, error)
	checks func(db *gorm.DB, table string, columns []string) ([]checkConstraint, error)
}

// catalogues are the readers by driver name.
var catalogues = map[string]catalogue{
	"postgres": {pgKeys, pgForeignKeys, pgChecks},
	"sqlite":   {sqliteKeys, sqliteForeignKeys, sqliteChecks},
}

// readCatalog reads the keys and constraints of an existing table;
// columns are its column names.
func (s *Store) readCatalog(db *gorm.DB, table string, columns []string) (tableCatalog, error) {
	read := catalogues[s.drv.Name()]
	var c tableCatalog
	var err error
	if c.keys, err = read.keys(db, table); err == nil {
		if c.fks, err = read.fks(db, table); err == nil {
			c.checks, err = read.checks(db, table, columns)
		}
	}
	if err != nil {
		return c, fmt.Errorf("repository: reading keys and constraints of %s: %w", table, mapError(err))
	}
	return c, nil
}

// readKeys reads only the primary key and unique indexes of a table.
func (s *Store) readKeys(db *gorm.DB, table string) ([]keyIndex, error) {
	keys, err := catalogues[s.drv.Name()].keys(db, table)
	if err != nil {
		return nil, fmt.Errorf("repository: reading the keys of %s: %w", table, mapError(err))
	}
	return keys, nil
}

// sortedSet returns the distinct names, sorted.
func sortedSet(names []string) []string {
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

// foldRows folds catalogue rows, those of one item adjacent, into items:
// first makes an item of its first row, add adds each of its rows.
func foldRows[R, V any](rows []R, same func(a, b R) bool, first func(R) V, add func(*V, R)) []V {
	var out []V
	for i, r := range rows {
		if i == 0 || !same(rows[i-1], r) {
			out = append(out, first(r))
		}
		add(&out[len(out)-1], r)
	}
	return out
}
