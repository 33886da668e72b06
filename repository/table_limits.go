package repository

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gorm.io/gorm/schema"
)

var (
	numericType = regexp.MustCompile(`(?i)^(?:numeric|decimal)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$`)
	varcharType = regexp.MustCompile(`(?i)^(?:varchar|character varying|char|character|nvarchar|nchar)\s*\(\s*(\d+)\s*\)$`)
)

// numericOf returns p and s of a numeric(p,s), numeric(p) or numeric
// type, from the field's type or its precision and scale tags.
func numericOf(dataType string, f *schema.Field) (precision, scale int) {
	if m := numericType.FindStringSubmatch(dataType); m != nil {
		precision, _ = strconv.Atoi(m[1])
		scale, _ = strconv.Atoi(m[2])
		return precision, scale
	}
	if f.Precision > 0 {
		return f.Precision, f.Scale
	}
	return 0, 0
}

// varcharOf returns n of a varchar(n) or char(n) type, or of a string
// field with a size tag (GORM creates varchar(size) for it).
func varcharOf(dataType string, f *schema.Field) int {
	if m := varcharType.FindStringSubmatch(dataType); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if f.DataType == schema.String && f.Size > 0 {
		return f.Size
	}
	return 0
}

// intBitsOf returns the storage width of an integer column: its type's
// (PostgreSQL names; SQLite stores every one in 64 bits) or, without a
// type, the one GORM creates for the field's size. ("int" is GORM's name
// for any integer field, not a type.)
func intBitsOf(dataType string, f *schema.Field) int {
	switch strings.ToLower(dataType) {
	case "smallint", "int2", "smallserial":
		return 16
	case "integer", "int4", "serial":
		return 32
	case "bigint", "int8", "bigserial":
		return 64
	}
	size := f.Size
	if unsigned(f.FieldType) {
		size++ // GORM widens unsigned fields so every value fits
	}
	switch {
	case size <= 16:
		return 16
	case size <= 32:
		return 32
	}
	return 64
}

// intRange returns the values both a column of bits and the Go type hold.
func intRange(typ reflect.Type, bits int) (lo, hi int64) {
	lo, hi = -1<<(bits-1), 1<<(bits-1)-1
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if unsigned(typ) {
		if typ.Bits() < 64 {
			hi = min(hi, 1<<typ.Bits()-1)
		}
		return 0, hi
	}
	return max(lo, -1<<(typ.Bits()-1)), min(hi, 1<<(typ.Bits()-1)-1)
}

func unsigned(typ reflect.Type) bool {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	return typ.Kind() >= reflect.Uint && typ.Kind() <= reflect.Uintptr
}

// floatBitsOf returns 32 for real columns and float32 fields, else 64.
func floatBitsOf(dataType string, typ reflect.Type) int {
	switch strings.ToLower(dataType) {
	case "real", "float4":
		return 32
	case "double precision", "float8":
		return 64
	}
	return typ.Bits()
}
