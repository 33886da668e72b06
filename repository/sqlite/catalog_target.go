package sqlite

import (
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// TargetColumn describes a column by its declared type, by SQLite's
// affinity rules (an integer holds 64 bits), with the sizes it declares
// (varchar(n), decimal(p,s)) kept as limits, so that what loads here loads
// on the other databases too. An INTEGER PRIMARY KEY of a table created
// with AUTOINCREMENT is generated.
func (*Driver) TargetColumn(db *gorm.DB, table string, c gorm.ColumnType) (target.Column, bool, error) {
	name := c.Name()
	full, _ := c.ColumnType()
	full = strings.ToLower(full)
	if full == "" {
		full = strings.ToLower(c.DatabaseTypeName())
	}
	p, s := driver.TypeArgs(full)
	var col target.Column
	has := func(words ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(full, w) })
	}
	switch {
	case has("bool"):
		col = driver.KindColumn(name, target.KindBool)
	case has("int"):
		lo, hi := driver.SignedRange(64)
		col = driver.IntColumn(name, 64, lo, hi)
	case has("decimal", "numeric"):
		col = driver.DecimalColumn(name, p, s)
		col.Digits = sqliteDigits
	case has("char", "clob", "text"):
		col = driver.TextColumn(name, p)
	case has("real", "float", "double"):
		col = driver.FloatColumn(name, 64)
	case full == "date":
		col = driver.DateColumn(name)
	case has("date", "time"):
		col = driver.KindColumn(name, target.KindTime)
	default:
		return col, false, driver.UnsupportedType(table, name, full)
	}
	generated, err := autoIncrementKey(db, table, c, full)
	return col, generated, err
}

// sqliteDigits are the significant digits a numeric column keeps: SQLite
// stores a decimal that is no 64-bit integer as an 8-byte float, which
// holds 15 decimal digits exactly.
const sqliteDigits = 15

// DecimalDigits returns sqliteDigits (driver.DecimalDigits).
func (*Driver) DecimalDigits() int { return sqliteDigits }

// autoIncrementKey reports whether c is an INTEGER PRIMARY KEY of a table
// created with AUTOINCREMENT.
func autoIncrementKey(db *gorm.DB, table string, c gorm.ColumnType, full string) (bool, error) {
	if pk, _ := c.PrimaryKey(); !pk || full != "integer" {
		return false, nil
	}
	var ddl string
	if err := db.Raw(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&ddl).Error; err != nil {
		return false, fmt.Errorf("repository: reading the definition of %s: %w", table, mapError(err))
	}
	return strings.Contains(strings.ToUpper(ddl), "AUTOINCREMENT"), nil
}
