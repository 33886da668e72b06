package mongodbsource_test

import (
	"strings"
	"testing"

	mongodbsource "github.com/warehouse-loader/loader/etl/source/mongodb"
)

// Bad settings are refused by New with the setting at fault, and the
// password never shows.
func TestNewNamesTheBadSetting(t *testing.T) {
	good := mongodbsource.Config{URI: "mongodb://loader:s3cret-pw@db.example:27017/", Database: "shop", Collection: "orders", Columns: []string{"_id"}}
	for _, tt := range []struct {
		name string
		edit func(*mongodbsource.Config)
		want string
	}{
		{"no uri", func(c *mongodbsource.Config) { c.URI = "" }, "uri: is required"},
		{"bad uri", func(c *mongodbsource.Config) { c.URI = "mongodb://loader:s3cret-pw@db.example:notaport/" }, "uri: "},
		{"no database", func(c *mongodbsource.Config) { c.Database = "" }, "database: is required"},
		{"no collection", func(c *mongodbsource.Config) { c.Collection = " " }, "collection: is required"},
		{"no columns", func(c *mongodbsource.Config) { c.Columns = nil }, "columns: is required"},
		{"bad path", func(c *mongodbsource.Config) { c.Columns = []string{"a..b"} }, `columns: "a..b" is not a field name`},
		{"rest clash", func(c *mongodbsource.Config) { c.Rest = "_id" }, "rest: _id is also in columns:"},
		{"bad filter", func(c *mongodbsource.Config) { c.Filter = "{status: " }, "filter: not a JSON object"},
		{"key left out", func(c *mongodbsource.Config) { c.Projection = `{"_id": 0}` }, "projection: leaves out the key _id"},
		{"negative page", func(c *mongodbsource.Config) { c.PageSize = -1 }, "page_size: and timeout: must not be negative"},
	} {
		cfg := good
		tt.edit(&cfg)
		_, err := mongodbsource.New(cfg, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "s3cret-pw") {
			t.Errorf("%s: %v, want %q without the password", tt.name, err, tt.want)
		}
	}
}

// The identity names the hosts, the database, the collection, the key and
// the filter's hash; never the credentials.
func TestIdentityNamesWhatIsRead(t *testing.T) {
	id := func(uri, key, filter string) string {
		t.Helper()
		s, err := mongodbsource.New(mongodbsource.Config{URI: uri, Database: "shop", Collection: "orders", Key: key, Filter: filter, Columns: []string{"_id"}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s.Identity()
	}
	plain := id("mongodb://loader:pw1@db.example:27017/", "", "")
	if plain != "mongodb:db.example:27017/shop.orders by _id" {
		t.Errorf("identity %q", plain)
	}
	if other := id("mongodb://loader:pw2@db.example:27017/?appName=x", "", ""); other != plain {
		t.Errorf("another password changed the identity: %q", other)
	}
	paid := id("mongodb://db.example:27017", "", `{"status": "paid"}`)
	if !strings.HasPrefix(paid, plain+" filter ") || paid == id("mongodb://db.example:27017", "", `{"status": "open"}`) {
		t.Errorf("identities with filters: %q", paid)
	}
	if same := id("mongodb://db.example:27017", "", `{ "status" : "paid" }`); same != paid {
		t.Errorf("the filter's spacing changed the identity: %q, %q", same, paid)
	}
	if byN := id("mongodb://db.example:27017", "n", ""); byN != "mongodb:db.example:27017/shop.orders by n" {
		t.Errorf("identity by n: %q", byN)
	}
}
