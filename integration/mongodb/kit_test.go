package mongodb_test

import (
	"fmt"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/warehouse-loader/loader/etl"
	mongodbsource "github.com/warehouse-loader/loader/etl/source/mongodb"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// kit is the mongodb kind as the source kit sees it: a content is one
// extended JSON document a line, inserted into a collection of its own
// and read by _id in pages of 4.
var kit = sourcetest.Kind{
	Input: func(t *testing.T, content string) sourcetest.New {
		c, db := collection(t)
		var docs []any
		for line := range strings.Lines(content) {
			var d bson.D
			if err := bson.UnmarshalExtJSON([]byte(line), false, &d); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			docs = append(docs, d)
		}
		insert(t, c, docs...)
		cfg := mongodbsource.Config{URI: serverURI, Database: db, Collection: "orders",
			Columns: []string{"v", "n.k"}, Rest: "rest", PageSize: 4}
		return func() (etl.Source, error) { return mongodbsource.New(cfg, nil) }
	},
	Records: func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "{\"_id\":%d,\"v\":\"row %d\"}\n", i, i)
		}
		return b.String()
	},
	Edit: func(content string) string { return strings.Replace(content, `"row 1"`, `"row 9"`, 1) },
	Resumable: []string{
		"{\"_id\":3,\"v\":\"c\",\"n\":{\"k\":[1,2]}}\n{\"_id\":1,\"v\":null}\n{\"_id\":2,\"x\":{\"$date\":\"2024-01-01T00:00:00Z\"}}\n{\"_id\":5}\n{\"v\":\"no key\",\"_id\":null}\n",
		"{\"_id\":\"b\",\"v\":1.5}\n{\"_id\":\"a\",\"n\":{\"k\":\"é\"}}\n{\"_id\":\"c\",\"v\":true}\n",
	},
}

// The source kit: resuming at every checkpoint, identity, cancellation.
func TestKit(t *testing.T) { sourcetest.Run(t, kit) }
