package parquetsource_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
)

// schemaTypes is the type Schema gives every column of typeCases, which
// TestLogicalTypes reads as values of that type.
var schemaTypes = map[string]parquetsource.Field{
	"dec_int32": {Type: parquetsource.TypeDecimal, Precision: 9, Scale: 2}, "dec_int64": {Type: parquetsource.TypeDecimal, Precision: 18, Scale: 4},
	"dec_fixed": {Type: parquetsource.TypeDecimal, Precision: 30, Scale: 3}, "dec_fixed_small": {Type: parquetsource.TypeDecimal, Precision: 5, Scale: 2},
	"dec_bytes": {Type: parquetsource.TypeDecimal, Precision: 40, Scale: 2},
	"ts_millis": {Type: parquetsource.TypeTimestamp}, "ts_micros_local": {Type: parquetsource.TypeTimestamp}, "ts_nanos": {Type: parquetsource.TypeTimestamp},
	"date": {Type: parquetsource.TypeDate}, "time_micros": {Type: parquetsource.TypeText},
	"int8": {Type: parquetsource.TypeInt}, "int64": {Type: parquetsource.TypeInt}, "uint16": {Type: parquetsource.TypeInt}, "uint32": {Type: parquetsource.TypeInt},
	"uint64": {Type: parquetsource.TypeDecimal, Precision: 20}, "uint64_max": {Type: parquetsource.TypeDecimal, Precision: 20},
	"plain_int32": {Type: parquetsource.TypeInt}, "bool": {Type: parquetsource.TypeBool},
	"float": {Type: parquetsource.TypeFloat}, "double": {Type: parquetsource.TypeFloat},
	"string": {Type: parquetsource.TypeText}, "enum": {Type: parquetsource.TypeText}, "json": {Type: parquetsource.TypeText},
	"uuid": {Type: parquetsource.TypeText}, "bytes_text": {Type: parquetsource.TypeText},
	"tags": {Type: parquetsource.TypeJSON}, "point": {Type: parquetsource.TypeJSON}, "ids": {Type: parquetsource.TypeJSON, Optional: true},
}

// Schema types every column from the footer as the source reads it:
// OPTIONAL columns (all of typeCases here) are optional, required ones
// not; lists, groups and repeated columns are JSON text.
func TestSchema(t *testing.T) {
	group := parquet.Group{
		"tags":  parquet.List(parquet.String()),
		"point": parquet.Group{"x": parquet.Leaf(parquet.DoubleType)},
		"ids":   parquet.Repeated(parquet.Int(64)),
	}
	for _, c := range typeCases {
		group[c.name] = parquet.Optional(c.node)
	}
	schema := parquet.NewSchema("types", group)
	path := filepath.Join(t.TempDir(), "types.parquet")
	writeParquet(t, path, schema, nil)
	got, err := parquetsource.Schema(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(schemaTypes) {
		t.Fatalf("Schema returned %d fields, want %d", len(got), len(schemaTypes))
	}
	for i, f := range got {
		want := schemaTypes[f.Name]
		want.Name = f.Name
		if group[f.Name].Optional() {
			want.Optional = true
		}
		if f.Name != schema.Fields()[i].Name() {
			t.Errorf("field %d is %s, want %s (schema order)", i, f.Name, schema.Fields()[i].Name())
		}
		if f != want {
			t.Errorf("%s: got %+v, want %+v", f.Name, f, want)
		}
	}
}

// Schema fails as Open does on a file that is not Parquet.
func TestSchemaNotParquet(t *testing.T) {
	path := writeKit(t, "raw:id,v\n1,a\n")
	_, err := parquetsource.Schema(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "is not a Parquet file") {
		t.Fatalf("got %v, want a not-Parquet error", err)
	}
}
