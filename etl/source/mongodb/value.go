package mongodbsource

import (
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/warehouse-loader/loader/etl"
)

// fill appends the document's columns to row, then its rest when Rest is
// set.
func (s *Source) fill(row etl.Row, doc bson.Raw) etl.Row {
	for _, p := range s.paths {
		v, err := doc.LookupErr(p...)
		if err != nil {
			row = append(row, nil) // missing
			continue
		}
		row = append(row, value(v))
	}
	if s.cfg.Rest != "" {
		row = append(row, s.rest(doc))
	}
	return row
}

// value converts a BSON value to a row's value.
func value(v bson.RawValue) any {
	switch v.Type {
	case bson.TypeNull, bson.TypeUndefined:
		return nil
	case bson.TypeString:
		return v.StringValue()
	case bson.TypeObjectID:
		return v.ObjectID().Hex()
	case bson.TypeDateTime:
		return time.UnixMilli(v.DateTime()).UTC()
	case bson.TypeTimestamp:
		t, _ := v.Timestamp()
		return time.Unix(int64(t), 0).UTC()
	case bson.TypeInt32:
		return int64(v.Int32())
	case bson.TypeInt64:
		return v.Int64()
	case bson.TypeDouble:
		return v.Double()
	case bson.TypeBoolean:
		return v.Boolean()
	case bson.TypeDecimal128:
		text := v.Decimal128().String()
		if d, err := decimal.NewFromString(text); err == nil {
			return d
		}
		return text // NaN and the infinities: a decimal column rejects them
	}
	return valueJSON(v)
}

// keyText shows a key value in a record's position ("key 65f0...").
func keyText(v bson.RawValue) string {
	switch x := value(v).(type) {
	case string:
		return x
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case int64:
		return strconv.FormatInt(x, 10)
	case nil:
		return "null"
	default:
		return valueJSON(v)
	}
}

// valueJSON returns a value as relaxed extended JSON: what MongoDB's
// tools show, plain JSON for plain values ({"a": 1, "b": [true]}), with
// {"$oid": ...}, {"$date": ...} and {"$numberDecimal": ...} for the
// types JSON lacks.
func valueJSON(v bson.RawValue) string {
	b, err := bson.MarshalExtJSON(bson.D{{Key: "v", Value: v}}, false, false)
	if err != nil {
		return v.String()
	}
	// {"v":<value>}
	return string(b[len(`{"v":`) : len(b)-1])
}

// docJSON returns the document as relaxed extended JSON, for rejects.
func docJSON(doc bson.Raw) []byte {
	b, err := bson.MarshalExtJSON(doc, false, false)
	if err != nil {
		return nil
	}
	return b
}

// rest returns the document without the fields the columns name, as
// relaxed extended JSON; a nested document that a dotted path emptied is
// left out too. A document with nothing left is "{}".
func (s *Source) rest(doc bson.Raw) string {
	var d bson.D
	if err := bson.Unmarshal(doc, &d); err != nil {
		return string(docJSON(doc))
	}
	for _, p := range s.paths {
		d = without(d, p)
	}
	b, err := bson.MarshalExtJSON(d, false, false)
	if err != nil {
		return string(docJSON(doc))
	}
	return string(b)
}

// without returns d with the field at path removed.
func without(d bson.D, path []string) bson.D {
	i := slices.IndexFunc(d, func(e bson.E) bool { return e.Key == path[0] })
	if i < 0 {
		return d
	}
	if len(path) == 1 {
		return slices.Delete(d, i, i+1)
	}
	sub, ok := d[i].Value.(bson.D)
	if !ok {
		return d
	}
	if sub = without(sub, path[1:]); len(sub) == 0 {
		return slices.Delete(d, i, i+1)
	}
	d[i].Value = sub
	return d
}
