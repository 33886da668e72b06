package parquetsource

import (
	"context"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// Type is the kind of value the source makes of a column (see Value).
type Type string

// The types of Field.
const (
	TypeInt       Type = "int"       // int64
	TypeDecimal   Type = "decimal"   // decimal.Decimal of Field.Precision and Field.Scale
	TypeFloat     Type = "float"     // float64
	TypeBool      Type = "bool"      // bool
	TypeDate      Type = "date"      // time.Time, midnight UTC
	TypeTimestamp Type = "timestamp" // time.Time in UTC
	TypeText      Type = "text"      // string
	TypeJSON      Type = "json"      // string: the compact JSON of a group, list, map or repeated column
)

// uint64Digits is the precision of an unsigned 64-bit integer, which the
// source reads as a decimal above math.MaxInt64.
const uint64Digits = 20

// Field is a top-level column of a Parquet file, as the source reads it.
type Field struct {
	Name string
	Type Type
	// Precision and Scale are a TypeDecimal's, from the file's metadata.
	Precision, Scale int
	// Optional is set for an OPTIONAL column (its values may be NULL) and
	// a repeated one.
	Optional bool
}

// Schema reads the footer of the Parquet file at path and returns its
// top-level columns, in schema order, typed as the source reads them. It
// fails as Open does: for a file that is not Parquet or whose columns the
// source cannot read.
func Schema(ctx context.Context, path string) ([]Field, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s, err := New(path, Options{})
	if err != nil {
		return nil, err
	}
	defer func() { _ = s.Close() }()
	if err := s.open(ctx); err != nil {
		return nil, err
	}
	out := make([]Field, len(s.fields))
	for i, f := range s.fields {
		out[i] = f.schema
	}
	return out, nil
}

// schemaOf describes the top-level column f as Schema returns it: the
// type of the values newField's decoding makes.
func schemaOf(f parquet.Field) Field {
	out := Field{Name: f.Name(), Optional: f.Optional() || f.Repeated(), Type: TypeJSON}
	if !f.Leaf() || f.Repeated() {
		return out
	}
	t := f.Type()
	if lt := t.LogicalType(); lt != nil && lt.Value != nil {
		out.Type, out.Precision, out.Scale = logicalType(lt.Value, t.Kind())
		return out
	}
	if ct := t.ConvertedType(); ct != nil {
		if typ, ok := convertedType(*ct); ok {
			out.Type = typ
			if typ == TypeDecimal {
				out.Precision = uint64Digits
			}
			return out
		}
	}
	out.Type = physicalType(t.Kind())
	return out
}

// logicalType is schemaOf for a leaf of a logical type (logicalLeaf).
func logicalType(lt format.LogicalTypeValue, kind parquet.Kind) (Type, int, int) {
	switch lt := lt.(type) {
	case *format.DecimalType:
		return TypeDecimal, int(lt.Precision), int(lt.Scale)
	case *format.DateType:
		return TypeDate, 0, 0
	case *format.TimestampType:
		return TypeTimestamp, 0, 0
	case *format.IntType:
		if !lt.IsSigned && lt.BitWidth == 64 {
			return TypeDecimal, uint64Digits, 0
		}
		return TypeInt, 0, 0
	case *format.Float16Type:
		return TypeFloat, 0, 0
	case *format.BsonType:
		return physicalType(kind), 0, 0
	}
	return TypeText, 0, 0 // strings, enums, JSON, UUIDs, times of day, NULL
}

// convertedType is schemaOf for a leaf of a legacy converted type
// (convertedLeaf); ok is false for those read by their physical type.
func convertedType(ct deprecated.ConvertedType) (Type, bool) {
	switch ct {
	case deprecated.UTF8, deprecated.Enum, deprecated.Json:
		return TypeText, true
	case deprecated.Date:
		return TypeDate, true
	case deprecated.TimestampMillis, deprecated.TimestampMicros:
		return TypeTimestamp, true
	case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32:
		return TypeInt, true
	case deprecated.Uint64:
		return TypeDecimal, true
	}
	return "", false
}

// physicalType is schemaOf for a leaf of no logical type (physicalLeaf).
func physicalType(kind parquet.Kind) Type {
	switch kind {
	case parquet.Boolean:
		return TypeBool
	case parquet.Int32, parquet.Int64:
		return TypeInt
	case parquet.Int96:
		return TypeTimestamp
	case parquet.Float, parquet.Double:
		return TypeFloat
	}
	return TypeText
}
