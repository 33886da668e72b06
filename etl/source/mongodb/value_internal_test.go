package mongodbsource

import (
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// Every BSON type a column can meet becomes its row value; the values
// are made by the driver's own encoder, as a server sends them.
func TestValueConvertsEachBSONType(t *testing.T) {
	id, _ := bson.ObjectIDFromHex("65f0c0ffee00000000000001")
	dec, _ := bson.ParseDecimal128("12345678901234567890.123456789")
	nan, _ := bson.ParseDecimal128("NaN")
	at := time.Date(2024, 2, 29, 23, 59, 58, 123e6, time.FixedZone("x", 3600))
	doc, err := bson.Marshal(bson.D{
		{Key: "oid", Value: id},
		{Key: "date", Value: bson.NewDateTimeFromTime(at)},
		{Key: "dec", Value: dec},
		{Key: "nan", Value: nan},
		{Key: "i32", Value: int32(-7)},
		{Key: "i64", Value: int64(math.MaxInt64)},
		{Key: "dbl", Value: 0.1},
		{Key: "yes", Value: true},
		{Key: "null", Value: nil},
		{Key: "text", Value: "héllo"},
		{Key: "doc", Value: bson.D{{Key: "b", Value: int32(1)}, {Key: "a", Value: "x"}}},
		{Key: "arr", Value: bson.A{int32(1), "two", bson.D{{Key: "three", Value: 3.5}}}},
		{Key: "bin", Value: bson.Binary{Subtype: 0, Data: []byte{1, 2}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		field string
		want  any
	}{
		{"oid", "65f0c0ffee00000000000001"},
		{"date", at.UTC()},
		{"dec", decimal.RequireFromString("12345678901234567890.123456789")},
		{"nan", "NaN"},
		{"i32", int64(-7)},
		{"i64", int64(math.MaxInt64)},
		{"dbl", 0.1},
		{"yes", true},
		{"null", nil},
		{"text", "héllo"},
		{"doc", `{"b":1,"a":"x"}`},
		{"arr", `[1,"two",{"three":3.5}]`},
		{"bin", `{"$binary":{"base64":"AQI=","subType":"00"}}`},
	} {
		got := value(bson.Raw(doc).Lookup(tt.field))
		if d, ok := tt.want.(decimal.Decimal); ok {
			if g, ok := got.(decimal.Decimal); !ok || !g.Equal(d) || g.String() != d.String() {
				t.Errorf("%s = %v (%T), want %v exactly", tt.field, got, got, d)
			}
			continue
		}
		if tm, ok := tt.want.(time.Time); ok {
			if g, ok := got.(time.Time); !ok || !g.Equal(tm) || g.Location() != time.UTC {
				t.Errorf("%s = %v (%T), want %v in UTC", tt.field, got, got, tm)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("%s = %#v (%T), want %#v", tt.field, got, got, tt.want)
		}
	}
}

// A cursor keeps the key's BSON type: reading it back gives the same
// value of the same type.
func TestCursorRoundTripsTheKeyType(t *testing.T) {
	id, _ := bson.ObjectIDFromHex("65f0c0ffee00000000000001")
	dec, _ := bson.ParseDecimal128("1.50")
	for _, key := range []any{id, int32(7), int64(1) << 40, 2.5, "k-0001", bson.DateTime(1709251198123), dec} {
		text := cursorText(key)
		got, err := parseCursor(text)
		if err != nil {
			t.Fatalf("%T: %v", key, err)
		}
		if got != key {
			t.Errorf("cursor %s read back as %#v (%T), want %#v (%T)", text, got, got, key, key)
		}
	}
	if _, err := parseCursor(`{"other":1}`); err == nil {
		t.Error("a cursor of another shape was accepted")
	}
}

// rest leaves out what the columns name, a nested field by its path, and
// a nested document emptied by it.
func TestRestLeavesOutTheColumns(t *testing.T) {
	for _, tt := range []struct {
		columns []string
		want    string
	}{
		{[]string{"_id", "a.x"}, `{"a":{"y":2},"b":[1]}`},
		{[]string{"a.x", "a.y"}, `{"_id":1,"b":[1]}`},
		{[]string{"a", "b.0"}, `{"_id":1,"b":[1]}`},
		{[]string{"missing"}, `{"_id":1,"a":{"x":1,"y":2},"b":[1]}`},
	} {
		s, err := New(Config{URI: "mongodb://127.0.0.1", Database: "d", Collection: "c", Columns: tt.columns, Rest: "rest"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := bson.Marshal(bson.D{{Key: "_id", Value: int32(1)}, {Key: "a", Value: bson.D{{Key: "x", Value: int32(1)}, {Key: "y", Value: int32(2)}}}, {Key: "b", Value: bson.A{int32(1)}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.rest(doc); got != tt.want {
			t.Errorf("columns %v: rest %s, want %s", tt.columns, got, tt.want)
		}
	}
}
