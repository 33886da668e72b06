// Package parquetinfer takes a table's columns from a Parquet file's own
// metadata (loader scaffold --from FILE.parquet): no value is sampled, for
// the file says what every column holds. It is apart from package infer,
// which reads text, so that only its users link the Parquet reader.
//
// The kinds, as the parquet source reads the values:
//   - DECIMAL(p,s) is a decimal of precision p and scale s; above 38
//     digits, what every database holds, it is text (the exact digits).
//   - INT32, INT64 and the INT logical types are integers (int64); an
//     unsigned 64-bit integer is a decimal of 20 digits, scale 0.
//   - BOOLEAN is boolean; FLOAT, DOUBLE and FLOAT16 are floats.
//   - TIMESTAMP (any unit, UTC-adjusted or not) and INT96 are timestamps
//     in UTC; DATE is a date.
//   - STRING, ENUM, UUID, JSON, TIME, bytes and every LIST, MAP, group or
//     repeated column (compact JSON) are text.
//
// A column is nullable when it is OPTIONAL or repeated.
package parquetinfer

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/etl/infer"
	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
)

// maxPrecision is the most digits a decimal column holds on every
// database the loader writes to (as in package infer).
const maxPrecision = 38

// Columns returns the columns of the Parquet file at path, in schema
// order, with unique snake_case names (infer.Names). The values of a
// column arrive of its kind: a pipeline needs no cast for them.
func Columns(ctx context.Context, path string) ([]infer.Column, error) {
	fields, err := parquetsource.Schema(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("reading the schema of %s: %w", path, err)
	}
	sources := make([]string, len(fields))
	for i, f := range fields {
		sources[i] = f.Name
	}
	names := infer.Names(sources)
	cols := make([]infer.Column, len(fields))
	for i, f := range fields {
		cols[i] = column(f, names[i])
	}
	return cols, nil
}

// column is the column of the field f, named name.
func column(f parquetsource.Field, name string) infer.Column {
	c := infer.Column{Source: f.Name, Name: name, Kind: infer.Text, Nullable: f.Optional}
	switch f.Type {
	case parquetsource.TypeInt:
		c.Kind, c.Bits = infer.Integer, 64
	case parquetsource.TypeDecimal:
		if f.Precision <= maxPrecision {
			c.Kind, c.Precision, c.Scale = infer.Decimal, max(f.Precision, 1), f.Scale
		}
	case parquetsource.TypeFloat:
		c.Kind = infer.Float
	case parquetsource.TypeBool:
		c.Kind = infer.Boolean
	case parquetsource.TypeDate:
		c.Kind = infer.Date
	case parquetsource.TypeTimestamp:
		c.Kind = infer.Timestamp
	}
	return c
}
