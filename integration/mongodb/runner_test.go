package mongodb_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// pipelineFile writes a pipeline file holding the pipeline mongo_orders
// of examples/mongodb/pipelines.yaml, reading database db of the test
// server in batches of batch and pages of page, and returns its path. The host comes from
// ${MONGODB_HOST}, the password from ${MONGODB_PASSWORD}: FerretDB takes
// them with PLAIN authentication (and the SQLite backend checks none).
func pipelineFile(t *testing.T, db string, batch, page int) string {
	t.Helper()
	example, err := os.ReadFile("../../examples/mongodb/pipelines.yaml")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.NewReplacer(
		"database: shop", "database: "+db,
		"${MONGODB_HOST}/", "${MONGODB_HOST}/?authMechanism=PLAIN", // FerretDB 1.x has no SCRAM-SHA-1
		"batch_size: 1000", fmt.Sprintf("batch_size: %d", batch),
		"page_size: 1000", fmt.Sprintf("page_size: %d", page),
	).Replace(string(example))
	path := filepath.Join(t.TempDir(), "pipelines.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// env is the environment a pipeline file of the test server expands.
func env(name string) string {
	switch name {
	case "MONGODB_HOST":
		return strings.TrimSuffix(strings.TrimPrefix(serverURI, "mongodb://"), "/")
	case "MONGODB_PASSWORD":
		return "not-checked-by-ferretdb"
	}
	return os.Getenv(name)
}

// load runs the pipeline mongo_orders of the file at path into the
// warehouse at url, in process.
func load(t *testing.T, path string, store *repository.Store) etl.Result {
	t.Helper()
	f, err := spec.Load(path, env)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, closeFn, err := f.Build(ctx, "mongo_orders", spec.Options{Targets: repository.NewTargets(store, models.All()...)})
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	res, err := (&etl.Runner{Warehouse: repository.NewWarehouse(store)}).Run(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func openStore(t *testing.T, url string) *repository.Store {
	t.Helper()
	s, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func count(t *testing.T, s *repository.Store, q string) int64 {
	t.Helper()
	var n int64
	err := s.Scope(context.Background(), func(sess *repository.Session) error {
		return sess.Gorm(context.Background()).Raw(q).Scan(&n).Error
	})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// The example pipeline loads a collection into mongo_orders on every
// warehouse, values exact; a rerun after more documents were added reads
// only those.
func TestPipelineLoadsThenRerunReadsOnlyNew(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		c, db := collection(t)
		insert(t, c, orders(1, 30)...)
		store := openStore(t, url)
		path := pipelineFile(t, db, 8, 12)
		if res := load(t, path, store); res.Read != 30 || res.Loaded != 30 || res.Rejected != 0 {
			t.Fatalf("run 1: %+v", res)
		}
		var row models.MongoOrder
		err := store.Scope(context.Background(), func(sess *repository.Session) error {
			return sess.Gorm(context.Background()).Where("order_id = ?", "650000000000000000000017").Take(&row).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		if row.Customer != "customer 23" || *row.City != "city 2" || row.Amount.String() != "23.23" || *row.Qty != 3 ||
			!row.PlacedAt.Equal(time.Date(2024, 1, 1, 0, 23, 0, 0, time.UTC)) || *row.Extra != `{"address":{"zip":"00023"},"status":"open"}` {
			t.Errorf("document 23 loaded as %+v (city %q, extra %q)", row, *row.City, *row.Extra)
		}
		insert(t, c, orders(31, 12)...)
		if res := load(t, path, store); res.Read != 12 || res.Loaded != 12 {
			t.Fatalf("run 2: %+v, want the 12 new documents", res)
		}
		if n := count(t, store, "SELECT COUNT(DISTINCT order_id) FROM mongo_orders"); n != 42 {
			t.Fatalf("%d orders, want 42", n)
		}
		if res := load(t, path, store); res.Read != 0 {
			t.Fatalf("run 3 with nothing new: %+v", res)
		}
	})
}

// A document whose field does not fit its column is a reject with a
// reason; the others are loaded.
func TestBadDocumentIsRejected(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		c, db := collection(t)
		docs := orders(1, 5)
		bad := docs[2].(bson.D)
		bad[3].Value = "twelve euros"
		docs[3].(bson.D)[4].Value = "not a date"
		insert(t, c, docs...)
		store := openStore(t, url)
		res := load(t, pipelineFile(t, db, 10, 2), store)
		if res.Read != 5 || res.Loaded != 3 || res.Rejected != 2 {
			t.Fatalf("run: %+v, want 3 written and 2 rejected", res)
		}
		var rejects []struct{ Position, Reason, Record string }
		err := store.Scope(context.Background(), func(sess *repository.Session) error {
			return sess.Gorm(context.Background()).Raw("SELECT position, reason, record FROM load_rejects ORDER BY id").Scan(&rejects).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(rejects) != 2 || !strings.Contains(rejects[0].Reason, "amount") || !strings.Contains(rejects[0].Reason, "twelve euros") || !strings.Contains(rejects[1].Reason, "placed_at") {
			t.Fatalf("rejects %+v", rejects)
		}
		// The record is the whole document, as relaxed extended JSON.
		if r := rejects[0]; r.Position != "key 650000000000000000000003" || !strings.Contains(r.Record, `"_id":{"$oid":"650000000000000000000003"}`) || !strings.Contains(r.Record, `"zip":"00003"`) {
			t.Errorf("reject %+v", r)
		}
	})
}

// A run against a server that does not answer fails within the source's
// timeout, and neither its error nor the run's row shows the password.
func TestUnreachableServerRunHidesThePassword(t *testing.T) {
	const password = "Pa55-w0rd-secret"
	url := dbtest.SQLite(t)
	dbtest.Migrate(t, url)
	store := openStore(t, url)
	path := pipelineFile(t, "shop", 10, 10)
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(body), "timeout: 30s", "timeout: 300ms", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := spec.Load(path, func(name string) string {
		switch name {
		case "MONGODB_HOST":
			return "127.0.0.1:1"
		case "MONGODB_PASSWORD":
			return password
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	p, closeFn, err := f.Build(context.Background(), "mongo_orders", spec.Options{Targets: repository.NewTargets(store, models.All()...)})
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	_, err = (&etl.Runner{Warehouse: repository.NewWarehouse(store)}).Run(context.Background(), p)
	if err == nil || !strings.Contains(err.Error(), "no answer within timeout 300ms") || strings.Contains(err.Error(), password) {
		t.Fatalf("run: %v", err)
	}
	var stored string
	err = store.Scope(context.Background(), func(sess *repository.Session) error {
		return sess.Gorm(context.Background()).Raw("SELECT error FROM load_runs WHERE pipeline = 'mongo_orders'").Scan(&stored).Error
	})
	if err != nil || stored == "" || strings.Contains(stored, password) {
		t.Fatalf("the run's error %q (%v): want it stored without the password", stored, err)
	}
}
