package mongodb_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// serverURI is the address of the FerretDB server TestMain starts:
// mongodb://127.0.0.1:PORT/.
var serverURI string

// TestMain starts FerretDB on 127.0.0.1 (a random port) over SQLite files
// in a temporary folder, runs the tests and stops it.
func TestMain(m *testing.M) {
	os.Exit(withFerretDB(m))
}

func withFerretDB(m *testing.M) int {
	dir, err := os.MkdirTemp("", "ferretdb")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = os.RemoveAll(dir) }()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		return 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()
	serverURI = f.MongoDBURI()
	code := m.Run()
	cancel()
	<-done
	return code
}

var databases atomic.Int64

// collection returns a new, empty collection in a database of its own,
// its client closed at the end of the test.
func collection(t *testing.T) (*mongo.Collection, string) {
	t.Helper()
	client, err := mongo.Connect(options.Client().ApplyURI(serverURI).SetTimeout(20 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	name := fmt.Sprintf("t%d_%s", databases.Add(1), strings.ToLower(strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())))
	if len(name) > 38 {
		name = name[:38]
	}
	return client.Database(name).Collection("orders"), name
}

// insert inserts docs, failing the test on an error.
func insert(t *testing.T, c *mongo.Collection, docs ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := c.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
}

// orders returns n order documents numbered from first, with growing
// ObjectIDs (made from the number, so they sort as they are numbered).
// Amounts are decimal text: FerretDB 1.x stores no Decimal128.
func orders(first, n int) []any {
	docs := make([]any, n)
	for i := range n {
		k := first + i
		var id bson.ObjectID
		id[0], id[8], id[9], id[10], id[11] = 0x65, byte(k>>24), byte(k>>16), byte(k>>8), byte(k)
		docs[i] = bson.D{
			{Key: "_id", Value: id},
			{Key: "customer", Value: fmt.Sprintf("customer %d", k)},
			{Key: "address", Value: bson.D{{Key: "city", Value: fmt.Sprintf("city %d", k%7)}, {Key: "zip", Value: fmt.Sprintf("%05d", k)}}},
			{Key: "amount", Value: fmt.Sprintf("%d.%02d", k, k%100)},
			{Key: "placed_at", Value: bson.NewDateTimeFromTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(k) * time.Minute))},
			{Key: "qty", Value: int32(k % 5)},
			{Key: "status", Value: []string{"paid", "open"}[k%2]},
		}
	}
	return docs
}

func mustTime(t *testing.T, text string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, text)
	if err != nil {
		t.Fatal(err)
	}
	return at
}
