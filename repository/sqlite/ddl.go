package sqlite

import (
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/repository/driver"
)

// types is GORM's dialector without a connection: DataTypeOf needs none.
var types = gormsqlite.Dialector{}

// DDL renders SQLite DDL: GORM's types (integer PRIMARY KEY AUTOINCREMENT,
// datetime, numeric(p,s), text); a column's type or nullability changes
// by rebuilding the table (driver.DDLWriter.Rebuild).
func (d *Driver) DDL() driver.DDL {
	return driver.DDLWriter{DDLStyle: driver.DDLStyle{
		Quote:          d.Quote,
		Type:           func(_ *schema.Schema, f *schema.Field) string { return types.DataTypeOf(f) },
		PartialIndexes: true,
	}}
}
