package postgres

import (
	"strings"

	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/repository/driver"
)

// types is GORM's dialector without a connection: DataTypeOf needs none.
var types = gormpg.Dialector{Config: &gormpg.Config{}}

// serialBase is the integer type under a serial type, for ALTER COLUMN.
var serialBase = map[string]string{"bigserial": "bigint", "serial": "integer", "smallserial": "smallint"}

// DDL renders PostgreSQL DDL: GORM's types (bigserial, timestamptz,
// numeric(p,s), text), indexes as CREATE INDEX, constraints named as GORM
// names them.
func (d *Driver) DDL() driver.DDL {
	return driver.DDLWriter{DDLStyle: driver.DDLStyle{
		Quote:          d.Quote,
		Type:           func(_ *schema.Schema, f *schema.Field) string { return types.DataTypeOf(f) },
		PartialIndexes: true,
		Alter:          alterColumn,
	}}
}

// alterColumn changes the type (converting the values with a cast) and
// the nullability of f's column.
func alterColumn(w driver.DDLWriter, t *schema.Schema, f *schema.Field) []string {
	typ := types.DataTypeOf(f)
	if base, ok := serialBase[strings.ToLower(typ)]; ok {
		typ = base
	}
	table, col := w.Quote(t.Table), w.Quote(f.DBName)
	null := "DROP NOT NULL"
	if f.NotNull || f.PrimaryKey {
		null = "SET NOT NULL"
	}
	return []string{
		"ALTER TABLE " + table + " ALTER COLUMN " + col + " TYPE " + typ + " USING " + col + "::" + typ,
		"ALTER TABLE " + table + " ALTER COLUMN " + col + " " + null,
	}
}
