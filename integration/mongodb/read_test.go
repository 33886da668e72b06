package mongodb_test

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/warehouse-loader/loader/etl"
	mongodbsource "github.com/warehouse-loader/loader/etl/source/mongodb"
)

// read is what readAll read.
type read struct {
	cols []string
	rows []etl.Row
	keys []string
	cp   etl.Checkpoint
}

// value returns the value of column name of row i.
func (r read) value(t *testing.T, i int, name string) any {
	t.Helper()
	for c, n := range r.cols {
		if n == name {
			return r.rows[i][c]
		}
	}
	t.Fatalf("no column %s in %v", name, r.cols)
	return nil
}

// newSource returns a source on the database db of the test server, its
// collection orders.
func newSource(t *testing.T, cfg mongodbsource.Config, db string) *mongodbsource.Source {
	t.Helper()
	if cfg.URI == "" {
		cfg.URI = serverURI
	}
	cfg.Database, cfg.Collection = db, "orders"
	src, err := mongodbsource.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = src.Close() })
	return src
}

// readAll opens src at from and reads it to the end.
func readAll(t *testing.T, src etl.Source, from etl.Checkpoint) read {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cols, err := src.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = src.Close() }()
	r := read{cols: cols.Names()}
	for {
		var rec etl.Record
		err := src.Next(ctx, &rec)
		if errors.Is(err, io.EOF) {
			r.cp = src.Checkpoint()
			return r
		}
		if err != nil {
			t.Fatalf("record %d: %v", len(r.rows)+1, err)
		}
		r.rows = append(r.rows, append(etl.Row(nil), rec.Raw...))
		r.keys = append(r.keys, rec.Key)
	}
}

// Documents inserted in a random order are read in _id order over pages,
// with dotted paths, the rest as JSON, and each value of its type.
func TestReadsInKeyOrderWithPathsAndRest(t *testing.T) {
	c, db := collection(t)
	docs := orders(1, 23)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	insert(t, c, docs...)
	src := newSource(t, mongodbsource.Config{Columns: []string{"_id", "customer", "address.city", "amount", "placed_at", "qty", "nope"}, Rest: "rest", PageSize: 5}, db)
	r := readAll(t, src, etl.Checkpoint{})
	if len(r.rows) != 23 {
		t.Fatalf("read %d documents, want 23", len(r.rows))
	}
	if strings.Join(r.cols, ",") != "_id,customer,address.city,amount,placed_at,qty,nope,rest" {
		t.Errorf("columns %v", r.cols)
	}
	for i := range r.rows {
		if i > 0 && r.keys[i] <= r.keys[i-1] {
			t.Fatalf("key %s after %s: not in _id order", r.keys[i], r.keys[i-1])
		}
	}
	want := etl.Row{"650000000000000000000007", "customer 7", "city 0", "7.07",
		time.Date(2024, 1, 1, 0, 7, 0, 0, time.UTC), int64(2), nil,
		`{"address":{"zip":"00007"},"status":"open"}`}
	for c, w := range want {
		if got := r.rows[6][c]; got != w {
			t.Errorf("document 7, %s = %#v (%T), want %#v", r.cols[c], got, got, w)
		}
	}
	if r.keys[6] != "650000000000000000000007" || r.cp.Records != 23 {
		t.Errorf("key %q, checkpoint %+v", r.keys[6], r.cp)
	}
}

// Values of every type the server stores keep their value: large int64s,
// doubles, dates to the millisecond, booleans, nulls, missing fields,
// nested documents and arrays as relaxed extended JSON.
func TestValuesKeepTheirTypes(t *testing.T) {
	c, db := collection(t)
	at := time.Date(2023, 12, 31, 23, 59, 59, 999e6, time.UTC)
	insert(t, c, bson.D{{Key: "_id", Value: int64(1)}, {Key: "big", Value: int64(1) << 62}, {Key: "dbl", Value: 0.1},
		{Key: "at", Value: bson.NewDateTimeFromTime(at)}, {Key: "ok", Value: false}, {Key: "null", Value: nil},
		{Key: "tags", Value: bson.A{"a", int32(2)}}, {Key: "doc", Value: bson.D{{Key: "ref", Value: bson.ObjectID{0x65, 1}}}}},
		bson.D{{Key: "_id", Value: int64(2)}})
	src := newSource(t, mongodbsource.Config{Columns: []string{"big", "dbl", "at", "ok", "null", "tags", "doc", "doc.ref"}}, db)
	r := readAll(t, src, etl.Checkpoint{})
	want := []etl.Row{
		{int64(1) << 62, 0.1, at, false, nil, `["a",2]`, `{"ref":{"$oid":"650100000000000000000000"}}`, "650100000000000000000000"},
		{nil, nil, nil, nil, nil, nil, nil, nil},
	}
	for i, row := range want {
		for c, w := range row {
			if got := r.rows[i][c]; got != w {
				t.Errorf("document %d, %s = %#v (%T), want %#v", i+1, r.cols[c], got, got, w)
			}
		}
	}
	if r.cp.Cursor != `{"last":{"$numberLong":"2"}}` {
		t.Errorf("cursor %s, want the int64 key 2", r.cp.Cursor)
	}
}

// A source opened at a checkpoint reads only the documents with a
// greater key, whatever the key's type: ObjectID, int32, string or date.
func TestRerunReadsOnlyGreaterKeys(t *testing.T) {
	base := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		key  string
		val  func(i int) any
	}{
		{"objectid", "_id", func(i int) any { return bson.ObjectID{0x65, 0, 0, 0, 0, 0, 0, 0, 0, 0, byte(i >> 8), byte(i)} }},
		{"int32", "n", func(i int) any { return int32(i * 10) }},
		{"string", "code", func(i int) any { return strings.Repeat("k", 1) + string(rune('A'+i)) }},
		{"date", "at", func(i int) any { return bson.NewDateTimeFromTime(base.Add(time.Duration(i) * time.Millisecond)) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, db := collection(t)
			docs := func(from, to int) []any {
				var d []any
				for i := from; i < to; i++ {
					doc := bson.D{{Key: tt.key, Value: tt.val(i)}, {Key: "i", Value: int32(i)}}
					d = append(d, doc)
				}
				return d
			}
			insert(t, c, docs(0, 12)...)
			cfg := mongodbsource.Config{Columns: []string{"i"}, Key: tt.key, PageSize: 5}
			first := readAll(t, newSource(t, cfg, db), etl.Checkpoint{})
			if len(first.rows) != 12 {
				t.Fatalf("first run read %d, want 12", len(first.rows))
			}
			again := readAll(t, newSource(t, cfg, db), first.cp)
			if len(again.rows) != 0 || again.cp != first.cp {
				t.Fatalf("a rerun with nothing new read %d, checkpoint %+v", len(again.rows), again.cp)
			}
			insert(t, c, docs(12, 19)...)
			next := readAll(t, newSource(t, cfg, db), first.cp)
			if len(next.rows) != 7 || next.rows[0][0] != int64(12) || next.cp.Records != 19 {
				t.Fatalf("after 7 more: read %d (first %v), checkpoint %+v", len(next.rows), next.rows, next.cp)
			}
		})
	}
}

// A filter selects documents and a projection leaves fields out; both
// go with the key range of each page.
func TestFilterAndProjection(t *testing.T) {
	c, db := collection(t)
	insert(t, c, orders(1, 20)...)
	src := newSource(t, mongodbsource.Config{Columns: []string{"customer", "status", "address.city"}, Rest: "rest",
		Filter: `{"status": "paid", "qty": {"$gte": 2}}`, Projection: `{"address": 0, "amount": 0, "placed_at": 0}`, PageSize: 3}, db)
	r := readAll(t, src, etl.Checkpoint{})
	var got []string
	for i := range r.rows {
		got = append(got, r.value(t, i, "customer").(string))
		if r.value(t, i, "status") != "paid" || r.value(t, i, "address.city") != nil {
			t.Errorf("row %v: want paid orders without address", r.rows[i])
		}
		if rest := r.value(t, i, "rest").(string); !strings.HasPrefix(rest, `{"_id":{"$oid":`) || strings.Contains(rest, "amount") {
			t.Errorf("rest %s", rest)
		}
	}
	// paid: even numbers; qty = k%5 >= 2
	if strings.Join(got, ",") != "customer 2,customer 4,customer 8,customer 12,customer 14,customer 18" {
		t.Errorf("read %v", got)
	}
}

// Cancelling the context ends Next at once, with the context's error.
func TestCancelEndsNext(t *testing.T) {
	c, db := collection(t)
	insert(t, c, orders(1, 10)...)
	src := newSource(t, mongodbsource.Config{Columns: []string{"_id"}, PageSize: 2}, db)
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := src.Open(ctx, etl.Checkpoint{}); err != nil {
		t.Fatal(err)
	}
	var rec etl.Record
	for range 2 {
		if err := src.Next(ctx, &rec); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	if err := src.Next(ctx, &rec); !errors.Is(err, context.Canceled) {
		t.Fatalf("Next after cancel: %v, want context.Canceled", err)
	}
	if cp := src.Checkpoint(); cp.Records != 2 {
		t.Errorf("checkpoint %+v, want the 2 records read", cp)
	}
}

// A server that does not answer fails Open within the timeout with a
// one-line error that says so and hides the password.
func TestUnreachableServerFailsWithinTheTimeout(t *testing.T) {
	src := newSource(t, mongodbsource.Config{URI: "mongodb://loader:pa55-word@127.0.0.1:1/", Columns: []string{"_id"}, Timeout: 300 * time.Millisecond}, "shop")
	_, err := src.Open(context.Background(), etl.Checkpoint{})
	if err == nil || !strings.Contains(err.Error(), "no answer within timeout 300ms") || strings.Contains(err.Error(), "pa55-word") {
		t.Fatalf("Open: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "mongodb source mongodb:127.0.0.1:1/shop.orders by _id: connecting: ") {
		t.Errorf("error %q does not name the source", err)
	}
}

// A cursor that is not one of this source's keys does not fit.
func TestForeignCursorDoesNotFit(t *testing.T) {
	_, db := collection(t)
	src := newSource(t, mongodbsource.Config{Columns: []string{"_id"}}, db)
	_, err := src.Open(context.Background(), etl.Checkpoint{Records: 3, Cursor: "1234"})
	if !errors.Is(err, etl.ErrSourceChanged) {
		t.Fatalf("Open at cursor 1234: %v, want ErrSourceChanged", err)
	}
}
