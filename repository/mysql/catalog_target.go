package mysql

import (
	"math"
	"strings"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
)

// intRanges are the signed ranges of MySQL's integer types, with the
// storage width the engine checks them in.
var intRanges = map[string]struct {
	bits   int
	lo, hi int64
}{
	"tinyint": {16, math.MinInt8, math.MaxInt8}, "smallint": {16, math.MinInt16, math.MaxInt16},
	"mediumint": {32, -1 << 23, 1<<23 - 1}, "int": {32, math.MinInt32, math.MaxInt32},
	"integer": {32, math.MinInt32, math.MaxInt32}, "bigint": {64, math.MinInt64, math.MaxInt64},
}

// TargetColumn describes a column by its COLUMN_TYPE: tinyint(1) is a
// boolean, an unsigned integer holds 0 up to its type's maximum (at most
// that of a signed bigint); AUTO_INCREMENT columns are generated.
func (Driver) TargetColumn(_ *gorm.DB, table string, c gorm.ColumnType) (target.Column, bool, error) {
	name := c.Name()
	generated, _ := c.AutoIncrement()
	full, _ := c.ColumnType()
	full = strings.ToLower(full)
	typ := strings.ToLower(c.DatabaseTypeName())
	if r, ok := intRanges[typ]; ok {
		if strings.HasPrefix(full, "tinyint(1)") {
			return driver.KindColumn(name, target.KindBool), generated, nil
		}
		if strings.Contains(full, "unsigned") {
			hi := uint64(r.hi)*2 + 1
			return driver.IntColumn(name, 64, 0, int64(min(hi, math.MaxInt64))), generated, nil
		}
		return driver.IntColumn(name, r.bits, r.lo, r.hi), generated, nil
	}
	var col target.Column
	p, s := driver.TypeArgs(full)
	switch typ {
	case "decimal", "numeric":
		col = driver.DecimalColumn(name, p, s)
	case "varchar", "char":
		col = driver.TextColumn(name, p)
	case "text", "tinytext", "mediumtext", "longtext", "enum":
		col = driver.TextColumn(name, 0)
	case "float":
		col = driver.FloatColumn(name, 32)
	case "double", "real":
		col = driver.FloatColumn(name, 64)
	case "datetime", "timestamp":
		col = driver.KindColumn(name, target.KindTime)
	case "date":
		col = driver.DateColumn(name)
	default:
		return col, false, driver.UnsupportedType(table, name, full)
	}
	return col, generated, nil
}
