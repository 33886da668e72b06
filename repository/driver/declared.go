package driver

import (
	"reflect"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

var (
	decimalType     = reflect.TypeOf(decimal.Decimal{})
	nullDecimalType = reflect.TypeOf(decimal.NullDecimal{})
)

// DeclaredType is the column type a field declares in dialect d: its
// `type` tag or, for an untagged field, GORM's type for it, except where
// GORM's does not hold the field's values: a float declares float8
// (float4 for float32; GORM says decimal on PostgreSQL), a bool boolean
// (GORM says numeric on SQLite), a decimal numeric (GORM says text, or
// boolean for a NullDecimal). The drift check compares it with the
// database (each driver's NormalType spells it its own way) and DDL
// writes it, so a generated migration passes the check.
func DeclaredType(d gorm.Dialector, f *schema.Field) string {
	if _, tagged := f.TagSettings["TYPE"]; tagged {
		return d.DataTypeOf(f)
	}
	typ := f.FieldType
	if typ == nil { // a field made from a catalogue column, not a Go field
		return d.DataTypeOf(f)
	}
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
	return d.DataTypeOf(f)
}
