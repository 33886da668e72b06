package repository

import (
	"reflect"
	"strings"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/repository/driver"
)

var nullDecimalType = reflect.TypeOf(decimal.NullDecimal{})

// modelType is the column type a field declares: its `type` tag or, for
// an untagged field, GORM's type for it, except where GORM's does not
// hold the field's values: a float declares float8 (float4 for float32;
// GORM says decimal on PostgreSQL), a bool boolean (GORM says numeric on
// SQLite), a decimal numeric (GORM says text, or boolean for a
// NullDecimal). Each driver's NormalType spells these its own way.
func modelType(db *gorm.DB, f *schema.Field) string {
	if _, tagged := f.TagSettings["TYPE"]; tagged {
		return db.Dialector.DataTypeOf(f)
	}
	typ := f.FieldType
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch {
	case typ == decimalType || typ == nullDecimalType:
		return "numeric"
	case f.DataType == schema.Float && f.Precision == 0:
		if f.Size == 32 {
			return "float4"
		}
		return "float8"
	case f.DataType == schema.Bool:
		return "boolean"
	}
	return db.Dialector.DataTypeOf(f)
}

// shownType is a declared type as a drift line shows it: in full, lower
// case, without GORM's column modifiers.
func shownType(decl string) string {
	base, size, rest := driver.SplitType(decl)
	return strings.TrimSpace(driver.TrimModifiers(base + size + " " + rest))
}

// columnTypeText is the column's type as the catalogue spells it in full.
func columnTypeText(c gorm.ColumnType) string {
	if full, ok := c.ColumnType(); ok && full != "" {
		return shownType(full)
	}
	return shownType(c.DatabaseTypeName())
}
