package parquetsource_test

import (
	"math/big"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/shopspring/decimal"

	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// typeCase is one column of a logical type, the value written and the
// value read.
type typeCase struct {
	name  string
	node  parquet.Node
	value parquet.Value
	want  any
}

// bigBytes returns n as big-endian two's complement in size bytes.
func bigBytes(n *big.Int, size int) []byte {
	if n.Sign() < 0 {
		n = new(big.Int).Add(n, new(big.Int).Lsh(big.NewInt(1), uint(size)*8))
	}
	return n.FillBytes(make([]byte, size))
}

func mustBig(s string) *big.Int {
	n, _ := new(big.Int).SetString(s, 10)
	return n
}

func mustDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var typeCases = []typeCase{
	{"dec_int32", parquet.Decimal(2, 9, parquet.Int32Type), parquet.Int32Value(-12345), mustDec("-123.45")},
	{"dec_int64", parquet.Decimal(4, 18, parquet.Int64Type), parquet.Int64Value(1234567890123), mustDec("123456789.0123")},
	{"dec_fixed", parquet.Decimal(3, 30, parquet.FixedLenByteArrayType(16)),
		parquet.FixedLenByteArrayValue(bigBytes(mustBig("-1234567890123456789012345"), 16)), mustDec("-1234567890123456789012.345")},
	{"dec_fixed_small", parquet.Decimal(2, 5, parquet.FixedLenByteArrayType(3)),
		parquet.FixedLenByteArrayValue(bigBytes(big.NewInt(-150), 3)), mustDec("-1.50")},
	{"dec_bytes", parquet.Decimal(2, 40, parquet.ByteArrayType),
		parquet.ByteArrayValue(bigBytes(mustBig("1180591620717411303429"), 10)), mustDec("11805916207174113034.29")},
	{"ts_millis", parquet.Timestamp(parquet.Millisecond), parquet.Int64Value(1700000000123), time.UnixMilli(1700000000123).UTC()},
	{"ts_micros_local", parquet.TimestampAdjusted(parquet.Microsecond, false), parquet.Int64Value(1700000000123456), time.UnixMicro(1700000000123456).UTC()},
	{"ts_nanos", parquet.Timestamp(parquet.Nanosecond), parquet.Int64Value(1700000000123456789), time.Unix(0, 1700000000123456789).UTC()},
	{"date", parquet.Date(), parquet.Int32Value(19723), time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
	{"time_micros", parquet.Time(parquet.Microsecond), parquet.Int64Value(47655500000), "13:14:15.5"},
	{"int8", parquet.Int(8), parquet.Int32Value(-5), int64(-5)},
	{"int64", parquet.Int(64), parquet.Int64Value(-9000000000), int64(-9000000000)},
	{"uint16", parquet.Uint(16), parquet.Int32Value(65535), int64(65535)},
	{"uint32", parquet.Uint(32), parquet.Int32Value(-1), int64(4294967295)},
	{"uint64", parquet.Uint(64), parquet.Int64Value(7), int64(7)},
	{"uint64_max", parquet.Uint(64), parquet.Int64Value(-1), mustDec("18446744073709551615")},
	{"plain_int32", parquet.Leaf(parquet.Int32Type), parquet.Int32Value(42), int64(42)},
	{"bool", parquet.Leaf(parquet.BooleanType), parquet.BooleanValue(true), true},
	{"float", parquet.Leaf(parquet.FloatType), parquet.FloatValue(1.5), 1.5},
	{"double", parquet.Leaf(parquet.DoubleType), parquet.DoubleValue(-2.25), -2.25},
	{"string", parquet.String(), parquet.ByteArrayValue([]byte("café")), "café"},
	{"enum", parquet.Enum(), parquet.ByteArrayValue([]byte("RED")), "RED"},
	{"json", parquet.JSON(), parquet.ByteArrayValue([]byte(`{"a":1}`)), `{"a":1}`},
	{"uuid", parquet.UUID(), parquet.FixedLenByteArrayValue([]byte{0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00}),
		"123e4567-e89b-12d3-a456-426614174000"},
	{"bytes_text", parquet.Leaf(parquet.ByteArrayType), parquet.ByteArrayValue([]byte("plain")), "plain"},
}

// Every logical type reads as the engine's exact value; a NULL of each
// reads as nil.
func TestLogicalTypes(t *testing.T) {
	group := parquet.Group{}
	for _, c := range typeCases {
		group[c.name] = parquet.Optional(c.node)
	}
	schema := parquet.NewSchema("types", group)
	index := map[string]int{}
	for i, f := range schema.Fields() {
		index[f.Name()] = i
	}
	full, nulls := make(parquet.Row, len(typeCases)), make(parquet.Row, len(typeCases))
	for _, c := range typeCases {
		i := index[c.name]
		full[i], nulls[i] = c.value.Level(0, 1, i), parquet.NullValue().Level(0, 0, i)
	}
	path := filepath.Join(t.TempDir(), "types.parquet")
	writeParquet(t, path, schema, [][]parquet.Row{{full, nulls}})
	src, err := parquetsource.New(path, parquetsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := sourcetest.ReadAll(t, src)
	if err != nil || len(recs) != 2 {
		t.Fatalf("read %d records, %v", len(recs), err)
	}
	for _, c := range typeCases {
		t.Run(c.name, func(t *testing.T) {
			got := recs[0].Raw[index[c.name]]
			if d, ok := c.want.(decimal.Decimal); ok {
				if g, ok := got.(decimal.Decimal); !ok || !g.Equal(d) || g.Exponent() != d.Exponent() {
					t.Errorf("got %#v (%T), want %s", got, got, d)
				}
			} else if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %#v (%T), want %#v", got, got, c.want)
			}
			if null := recs[1].Raw[index[c.name]]; null != nil {
				t.Errorf("NULL read as %#v", null)
			}
		})
	}
}
