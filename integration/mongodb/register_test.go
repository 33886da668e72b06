package mongodb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	_ "github.com/warehouse-loader/loader/etl/source/mongodb"
)

// The mongodb kind registers itself; its filter and projection are YAML
// mappings with extended JSON's $-keys, and a dotted path reaches into
// an array by index (the rest keeps arrays whole).
func TestFactoryReadsYAMLSettings(t *testing.T) {
	c, db := collection(t)
	insert(t, c,
		bson.D{{Key: "_id", Value: int32(1)}, {Key: "status", Value: "paid"}, {Key: "items", Value: bson.A{bson.D{{Key: "sku", Value: "A-1"}}}}, {Key: "secret", Value: "x"}},
		bson.D{{Key: "_id", Value: int32(2)}, {Key: "status", Value: "open"}, {Key: "items", Value: bson.A{}}},
		bson.D{{Key: "_id", Value: int32(3)}, {Key: "status", Value: "paid"}, {Key: "at", Value: bson.NewDateTimeFromTime(mustTime(t, "2024-03-01T00:00:00Z"))}})
	factory, ok := source.Lookup("mongodb")
	if !ok {
		t.Fatalf("mongodb is not registered: %v", source.Names())
	}
	var settings yaml.Node
	text := fmt.Sprintf(`{uri: %q, database: %s, collection: orders, columns: [_id, items.0.sku, at], rest: rest,
  filter: {status: paid, $or: [{items: {$exists: true}}, {at: {$gte: {$date: "2024-01-01T00:00:00Z"}}}]},
  projection: {secret: 0}}`, serverURI, db)
	if err := yaml.Unmarshal([]byte(text), &settings); err != nil {
		t.Fatal(err)
	}
	src, closeFn, err := factory(context.Background(), source.Params{Settings: settings.Content[0]})
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	r := readAll(t, src, etl.Checkpoint{})
	got := fmt.Sprint(r.rows)
	if want := "[[1 A-1 <nil> {\"status\":\"paid\",\"items\":[{\"sku\":\"A-1\"}]}] [3 <nil> 2024-03-01 00:00:00 +0000 UTC {\"status\":\"paid\"}]]"; got != want {
		t.Errorf("read %s, want %s", got, want)
	}
	if !strings.Contains(src.Identity(), "/"+db+".orders by _id filter ") {
		t.Errorf("identity %q", src.Identity())
	}
}
