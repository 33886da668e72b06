package postgres

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/repository/driver"
)

// pgAlias maps the SQL names PostgreSQL accepts to its own (format_type's
// short names), which the drift check compares.
var pgAlias = map[string]string{
	"bigserial": pgInt8, "bigint": pgInt8, "serial8": pgInt8,
	"serial": pgInt4, "serial4": pgInt4, "integer": pgInt4, "int": pgInt4,
	"smallserial": pgInt2, "serial2": pgInt2, "smallint": pgInt2,
	"boolean": "bool", "double precision": "float8", "real": "float4",
	"timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp",
	"time with time zone": "timetz", "time without time zone": "time",
	"character varying": "varchar", "character": pgBpchar, "char": pgBpchar, "decimal": pgNumeric,
}

// NormalType reduces a declared type to PostgreSQL's own name for it
// ("double precision" and "float" are float8, "integer" int4, "character
// varying(40)" varchar(40), "decimal(12,2)" numeric(12,2)), sizes kept
// for numeric, varchar and char; the drift check compares these.
func (*Driver) NormalType(decl string) string {
	base, size, rest := driver.SplitType(decl)
	base = driver.TrimModifiers(strings.TrimSpace(base + " " + driver.TrimModifiers(rest)))
	if a, ok := pgAlias[base]; ok {
		base = a
	}
	switch base {
	case pgNumeric:
		return base + driver.DecimalSize(size, "")
	case "varchar":
		return base + size
	case pgBpchar:
		if size == "" {
			size = "(1)"
		}
		return base + size
	case "float":
		return fmt.Sprintf("float%d", driver.FloatBits(size)/8)
	}
	return base
}

// ActualType is the column's type as format_type spells it ("numeric(12,2)",
// "character varying(40)", "double precision"), reduced as NormalType does.
func (d *Driver) ActualType(c gorm.ColumnType) string {
	if full, ok := c.ColumnType(); ok && full != "" {
		return d.NormalType(full)
	}
	return d.NormalType(c.DatabaseTypeName())
}

// Columns are GORM's, as they are.
func (*Driver) Columns(_ *gorm.DB, _ string, cols []gorm.ColumnType) ([]gorm.ColumnType, error) {
	return cols, nil
}
