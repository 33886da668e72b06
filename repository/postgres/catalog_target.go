package postgres

import (
	"strings"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// intBits are the widths of PostgreSQL's integer types.
var intBits = map[string]int{pgInt2: 16, pgInt4: 32, pgInt8: 64}

const pgVarchar = "varchar"

// TargetColumn describes a column by its type in the catalogue; serial
// and identity columns are generated.
func (*Driver) TargetColumn(_ *gorm.DB, table string, c gorm.ColumnType) (target.Column, bool, error) {
	name := c.Name()
	generated, _ := c.AutoIncrement()
	var col target.Column
	typ := strings.ToLower(c.DatabaseTypeName())
	if bits, ok := intBits[typ]; ok {
		lo, hi := driver.SignedRange(bits)
		return driver.IntColumn(name, bits, lo, hi), generated, nil
	}
	switch typ {
	case pgNumeric:
		p, s, _ := c.DecimalSize()
		col = driver.DecimalColumn(name, int(p), int(s))
	case pgVarchar, pgBpchar:
		n, _ := c.Length()
		col = driver.TextColumn(name, int(max(n, 0)))
	case "text", "citext", "name":
		col = driver.TextColumn(name, 0)
	case "float4":
		col = driver.FloatColumn(name, 32)
	case "float8":
		col = driver.FloatColumn(name, 64)
	case "bool":
		col = driver.KindColumn(name, target.KindBool)
	case "timestamptz", "timestamp":
		col = driver.KindColumn(name, target.KindTime)
	case "date":
		col = driver.DateColumn(name)
	default:
		return col, false, driver.UnsupportedType(table, name, typ)
	}
	return col, generated, nil
}
