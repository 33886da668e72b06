package parquetsource

import (
	"encoding/binary"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// leafFunc makes the engine's value of a non-null Parquet value. A value
// that does not fit (bytes that are not UTF-8 text) gives an error, the
// reason of the record's reject.
type leafFunc func(v parquet.Value) (any, error)

// newLeaf returns the leafFunc of the leaf column n, named name in
// messages, by its logical type (or legacy converted type), else its
// physical one. A type the source cannot read is an error.
func newLeaf(n parquet.Node, name string) (leafFunc, error) {
	t := n.Type()
	if lt := t.LogicalType(); lt != nil && lt.Value != nil {
		return logicalLeaf(lt.Value, t.Kind(), name)
	}
	if ct := t.ConvertedType(); ct != nil {
		if f, ok := convertedLeaf(*ct, name); ok {
			return f, nil
		}
	}
	return physicalLeaf(t.Kind(), name), nil
}

// logicalLeaf is newLeaf for a column with a logical type.
func logicalLeaf(lt format.LogicalTypeValue, kind parquet.Kind, name string) (leafFunc, error) {
	switch lt := lt.(type) {
	case *format.StringType, *format.EnumType, *format.JsonType:
		return textLeaf(name, "its logical type says UTF-8 text"), nil
	case *format.UUIDType:
		return uuidLeaf, nil
	case *format.DecimalType:
		return decimalLeaf(kind, lt.Scale), nil
	case *format.DateType:
		return dateLeaf, nil
	case *format.TimestampType:
		return timestampLeaf(lt.Unit), nil
	case *format.TimeType:
		return timeLeaf(lt.Unit, kind), nil
	case *format.IntType:
		return intLeaf(lt.BitWidth, lt.IsSigned), nil
	case *format.Float16Type:
		return float16Leaf, nil
	case *format.NullType:
		return func(parquet.Value) (any, error) { return nil, nil }, nil
	case *format.BsonType:
		return physicalLeaf(kind, name), nil
	}
	return nil, fmt.Errorf("column %s has the logical type %s, which the parquet source does not read; leave it out of the source's columns", name, lt)
}

// convertedLeaf is newLeaf for the legacy converted types older writers
// set without a logical type; ok is false for the others.
func convertedLeaf(ct deprecated.ConvertedType, name string) (leafFunc, bool) {
	switch ct {
	case deprecated.UTF8, deprecated.Enum, deprecated.Json:
		return textLeaf(name, "its converted type says UTF-8 text"), true
	case deprecated.Date:
		return dateLeaf, true
	case deprecated.TimestampMillis:
		return timestampLeaf(format.TimeUnit{Value: &format.MilliSeconds{}}), true
	case deprecated.TimestampMicros:
		return timestampLeaf(format.TimeUnit{Value: &format.MicroSeconds{}}), true
	case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32:
		return intLeaf(32, false), true
	case deprecated.Uint64:
		return intLeaf(64, false), true
	}
	return nil, false
}

// physicalLeaf is newLeaf for a column without a logical type: booleans,
// integers, floats, INT96 timestamps, and bytes read as UTF-8 text.
func physicalLeaf(kind parquet.Kind, name string) leafFunc {
	switch kind {
	case parquet.Boolean:
		return func(v parquet.Value) (any, error) { return v.Boolean(), nil }
	case parquet.Int32:
		return func(v parquet.Value) (any, error) { return int64(v.Int32()), nil }
	case parquet.Int64:
		return func(v parquet.Value) (any, error) { return v.Int64(), nil }
	case parquet.Int96:
		return int96Leaf
	case parquet.Float:
		return func(v parquet.Value) (any, error) { return float64(v.Float()), nil }
	case parquet.Double:
		return func(v parquet.Value) (any, error) { return v.Double(), nil }
	}
	return textLeaf(name, "it has no logical type and is read as UTF-8 text")
}

// textLeaf reads bytes as a string, rejecting those that are not UTF-8.
func textLeaf(name, why string) leafFunc {
	return func(v parquet.Value) (any, error) {
		b := v.ByteArray()
		if !utf8.Valid(b) {
			return nil, fmt.Errorf("column %s: %d bytes that are not valid UTF-8 text (%s); convert the column to text, or leave it out of the source's columns", name, len(b), why)
		}
		return string(b), nil
	}
}

// intLeaf reads an INT(bits, signed) column. An unsigned 64-bit value
// above math.MaxInt64 becomes an exact decimal.Decimal.
func intLeaf(bits int8, signed bool) leafFunc {
	switch {
	case signed && bits <= 32:
		return func(v parquet.Value) (any, error) { return int64(v.Int32()), nil }
	case signed:
		return func(v parquet.Value) (any, error) { return v.Int64(), nil }
	case bits <= 32:
		return func(v parquet.Value) (any, error) { return int64(v.Uint32()), nil }
	}
	return func(v parquet.Value) (any, error) {
		if u := v.Uint64(); u > math.MaxInt64 {
			return decimalOfUint(u), nil
		}
		return v.Int64(), nil
	}
}

// float16Leaf reads a FLOAT16 (IEEE half precision, little-endian) value.
func float16Leaf(v parquet.Value) (any, error) {
	b := v.ByteArray()
	if len(b) != 2 {
		return nil, fmt.Errorf("a FLOAT16 value of %d bytes, not 2", len(b))
	}
	h := binary.LittleEndian.Uint16(b)
	sign, exp, frac := float64(1), int(h>>10&0x1f), float64(h&0x3ff)
	if h&0x8000 != 0 {
		sign = -1
	}
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24), nil
	case 0x1f:
		if frac != 0 {
			return math.NaN(), nil
		}
		return math.Inf(int(sign)), nil
	}
	return sign * math.Ldexp(1+frac/1024, exp-15), nil
}

// uuidLeaf formats a UUID's 16 bytes canonically.
func uuidLeaf(v parquet.Value) (any, error) {
	b := v.ByteArray()
	if len(b) != 16 {
		return nil, fmt.Errorf("a UUID of %d bytes, not 16", len(b))
	}
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
