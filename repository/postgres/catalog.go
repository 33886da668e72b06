package postgres

import (
	"fmt"
	"regexp"
	"strings"

	"gorm.io/gorm"
)

var (
	typeSize = regexp.MustCompile(`^([a-z ]+?)\s*(\(\s*\d+\s*(,\s*\d+\s*)?\))?$`)
	pgAlias  = map[string]string{
		"bigserial": "int8", "bigint": "int8", "serial": pgInt4, "integer": pgInt4, "int": pgInt4,
		"smallserial": "int2", "smallint": "int2", "boolean": "bool", "double precision": "float8",
		"real": "float4", "timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp",
		"character varying": "varchar", "decimal": pgNumeric,
	}
)

// NormalType reduces a declared type to the form ActualType produces:
// PostgreSQL's own names, sizes kept for numeric and varchar.
func (*Driver) NormalType(decl string) string {
	decl = strings.ToLower(strings.TrimSpace(decl))
	decl = strings.TrimSuffix(decl, " primary key autoincrement")
	m := typeSize.FindStringSubmatch(decl)
	if m == nil {
		return decl
	}
	base, size := m[1], strings.ReplaceAll(m[2], " ", "")
	if a, ok := pgAlias[base]; ok {
		base = a
	}
	if base == pgNumeric || base == "varchar" {
		return base + size
	}
	return base
}

// ActualType spells the column's type with its size where it has one.
func (*Driver) ActualType(c gorm.ColumnType) string {
	base := strings.ToLower(c.DatabaseTypeName())
	switch base {
	case pgNumeric:
		if p, s, ok := c.DecimalSize(); ok && p > 0 {
			return fmt.Sprintf("numeric(%d,%d)", p, s)
		}
	case "varchar":
		if l, ok := c.Length(); ok && l > 0 {
			return fmt.Sprintf("varchar(%d)", l)
		}
	}
	return base
}

// Columns are GORM's, as they are.
func (*Driver) Columns(_ *gorm.DB, _ string, cols []gorm.ColumnType) ([]gorm.ColumnType, error) {
	return cols, nil
}
