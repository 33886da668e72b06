package mysql

import (
	"slices"
	"strings"

	gormmysql "gorm.io/driver/mysql"
	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/repository/driver"
)

// types is GORM's dialector as Dialector configures it, without a
// connection: DataTypeOf needs none.
var types = gormmysql.Dialector{Config: &gormmysql.Config{DefaultDatetimePrecision: &datetimePrecision}}

// tableOptions are the hand-written migrations' table options.
const tableOptions = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"

// DDL renders MySQL DDL: GORM's types upper-cased (BIGINT AUTO_INCREMENT,
// DATETIME(6), DECIMAL(p,s)), VARCHAR(255) for a text column that is
// keyed or indexed (KeyType), indexes and named constraints inside
// CREATE TABLE, InnoDB with utf8mb4_bin.
func (d Driver) DDL() driver.DDL {
	return driver.DDLWriter{DDLStyle: driver.DDLStyle{
		Quote:         d.Quote,
		Type:          d.columnType,
		AutoIncrement: "AUTO_INCREMENT",
		InlineIndexes: true,
		TableOptions:  tableOptions,
		DropIndexOn:   true,
		BeforeIndex:   d.keyColumns,
		Alter: func(w driver.DDLWriter, t *schema.Schema, f *schema.Field) []string {
			return []string{"ALTER TABLE " + w.Quote(t.Table) + " MODIFY COLUMN " + w.Column(t, f)}
		},
	}}
}

// columnType is DataTypeOf without the NULL and AUTO_INCREMENT GORM
// appends (Column adds them), text made VARCHAR(255) where the column is
// keyed, numeric spelled DECIMAL.
func (d Driver) columnType(t *schema.Schema, f *schema.Field) string {
	typ := strings.TrimSpace(types.DataTypeOf(f))
	for _, suffix := range []string{" NULL", " AUTO_INCREMENT"} {
		if strings.HasSuffix(strings.ToUpper(typ), suffix) {
			typ = strings.TrimSpace(typ[:len(typ)-len(suffix)])
		}
	}
	if keyed(t, f) {
		typ = d.KeyType(typ)
	}
	if strings.ContainsAny(typ, `'"`) {
		return typ // an ENUM or SET: keep its values as written
	}
	typ = strings.ToUpper(typ)
	if strings.HasPrefix(typ, "NUMERIC") {
		typ = "DECIMAL" + strings.TrimPrefix(typ, "NUMERIC")
	}
	return typ
}

// keyColumns makes the text columns idx indexes VARCHAR(255), which
// MySQL can index (see KeyType).
func (d Driver) keyColumns(w driver.DDLWriter, t *schema.Schema, idx *schema.Index) []string {
	var out []string
	for _, o := range idx.Fields {
		f := t.FieldsByDBName[o.DBName]
		if o.Expression == "" && f != nil && d.NormalType(types.DataTypeOf(f)) == textType {
			out = append(out, "ALTER TABLE "+w.Quote(t.Table)+" MODIFY COLUMN "+w.Column(t, f))
		}
	}
	return out
}

// keyed reports whether f's column is in the primary key, a unique
// constraint or an index of t.
func keyed(t *schema.Schema, f *schema.Field) bool {
	if f.PrimaryKey || f.Unique {
		return true
	}
	for _, idx := range t.ParseIndexes() {
		if slices.ContainsFunc(idx.Fields, func(o schema.IndexOption) bool { return o.Field != nil && o.DBName == f.DBName && o.Expression == "" }) {
			return true
		}
	}
	return false
}
