package main

import (
	"reflect"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/warehouse-loader/loader/repository"
)

// parquetSchema is the schema of an export's file: one OPTIONAL column
// per exported column, in the export's order, each of the type
// parquetColumnOf gives it.
func parquetSchema(cols []parquetColumn) *parquet.Schema {
	g := make(columnGroup, len(cols))
	for i, c := range cols {
		g[i] = columnField{Node: parquet.Optional(c.node), name: c.name}
	}
	return parquet.NewSchema("export", g)
}

// columnGroup is the root of an export's schema: a group whose fields keep
// the export's column order (parquet.Group, a map, sorts them by name).
// Rows are written as parquet.Row values, never from Go values, so the
// group needs no Go type of its own.
type columnGroup []parquet.Field

// ID is 0: the fields carry no field ids.
func (g columnGroup) ID() int { return 0 }

func (g columnGroup) String() string {
	var b strings.Builder
	_ = parquet.PrintSchema(&b, "export", g)
	return b.String()
}

// Type is that of every group node.
func (g columnGroup) Type() parquet.Type { return parquet.Group{}.Type() }

// Optional reports false: the root group is required.
func (g columnGroup) Optional() bool { return false }

// Repeated reports false: the root group is required.
func (g columnGroup) Repeated() bool { return false }

// Required reports true: the root group is required.
func (g columnGroup) Required() bool { return true }

// Leaf reports false: a group is no leaf.
func (g columnGroup) Leaf() bool { return false }

// Fields returns the columns in the export's order.
func (g columnGroup) Fields() []parquet.Field { return g }

// Encoding is nil: each leaf has its own.
func (g columnGroup) Encoding() encoding.Encoding { return nil }

// Compression is nil: the writer's applies.
func (g columnGroup) Compression() compress.Codec { return nil }

// GoType is a map of column names to values; Go values are never
// written through it.
func (g columnGroup) GoType() reflect.Type { return reflect.TypeFor[map[string]any]() }

// columnField is one column of a columnGroup.
type columnField struct {
	parquet.Node
	name string
}

// Name returns the column's name.
func (f columnField) Name() string { return f.name }

// Value is the invalid value: Go values are never written through the
// schema.
func (f columnField) Value(reflect.Value) reflect.Value { return reflect.Value{} }

// parquetColumn is how one exported column is written: its Parquet node
// (before it is made OPTIONAL) and the conversion of a non-NULL cell's
// text to its value.
type parquetColumn struct {
	name  string
	node  parquet.Node
	value func(text string) (parquet.Value, error)
}

// parquetColumnOf is the Parquet column of c, by its kind: integers INT64,
// booleans BOOLEAN, floats DOUBLE, decimals of known precision and scale
// DECIMAL, dates DATE, timestamps TIMESTAMP(MICROS, UTC), and everything
// else (text, JSON, decimals of unknown scale, columns of unknown kind)
// STRING.
func parquetColumnOf(c repository.ExportColumn) parquetColumn {
	col := parquetColumn{name: c.Name, node: parquet.String(), value: stringValue}
	if !c.Known {
		return col
	}
	switch {
	case c.Kind == repository.KindInt:
		col.node, col.value = parquet.Int(64), int64Value
	case c.Kind == repository.KindBool:
		col.node, col.value = parquet.Leaf(parquet.BooleanType), boolValue
	case c.Kind == repository.KindFloat:
		col.node, col.value = parquet.Leaf(parquet.DoubleType), doubleValue
	case c.Kind == repository.KindDecimal && c.Scale >= 0 && c.Precision > 0:
		col.node, col.value = decimalColumn(c.Precision, c.Scale)
	case c.Kind == repository.KindTime && c.Date:
		col.node, col.value = parquet.Date(), dateValue
	case c.Kind == repository.KindTime:
		col.node, col.value = parquet.Timestamp(parquet.Microsecond), timestampValue
	}
	return col
}
