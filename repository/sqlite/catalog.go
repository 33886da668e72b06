package sqlite

import (
	"fmt"
	"regexp"
	"strings"

	"gorm.io/gorm"
)

var typeSize = regexp.MustCompile(`^([a-z ]+?)\s*(\(\s*\d+\s*(,\s*\d+\s*)?\))?$`)

// NormalType keeps only a declared type's base name: SQLite keeps only
// affinity, and sizes are not enforced.
func (*Driver) NormalType(decl string) string {
	decl = strings.ToLower(strings.TrimSpace(decl))
	decl = strings.TrimSuffix(decl, " primary key autoincrement")
	if m := typeSize.FindStringSubmatch(decl); m != nil {
		return m[1]
	}
	return decl
}

// ActualType is the declared type, reduced as NormalType does.
func (d *Driver) ActualType(c gorm.ColumnType) string { return d.NormalType(c.DatabaseTypeName()) }

// column corrects what GORM's SQLite driver reads from the CREATE
// TABLE text with regular expressions (a tab before NOT NULL hides it):
// nullability and the primary key come from PRAGMA table_info.
type column struct {
	gormColumn
	notNull, pk bool
}

// gormColumn names the embedded interface, whose own name would clash
// with its ColumnType method.
type gormColumn = gorm.ColumnType

func (c column) Nullable() (bool, bool) { return !c.notNull, true }

func (c column) PrimaryKey() (bool, bool) { return c.pk, true }

type columnRow struct {
	Name    string
	NotNull bool
	Pk      int
}

// Columns wraps the column types with table_info's nullability.
func (*Driver) Columns(db *gorm.DB, table string, cols []gorm.ColumnType) ([]gorm.ColumnType, error) {
	var rows []columnRow
	if err := db.Raw(`SELECT name, "notnull" AS not_null, pk FROM pragma_table_info(?)`, table).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("repository: reading columns of %s: %w", table, mapError(err))
	}
	info := map[string]columnRow{}
	for _, r := range rows {
		info[r.Name] = r
	}
	out := make([]gorm.ColumnType, len(cols))
	for i, c := range cols {
		r, ok := info[c.Name()]
		out[i] = c
		if ok {
			out[i] = column{c, r.NotNull, r.Pk > 0}
		}
	}
	return out, nil
}
