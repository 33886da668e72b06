package parquetsource_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

const runnerYAML = `
pipelines:
  sales:
    source:
      parquet: {path: sales.parquet, columns: [order_id, sold_at, quantity, sales_amount, sales_category]}
    target: transformed_sales_data
    batch_size: 3
`

// sale is a row of the file: the order id, a micro-second timestamp, an
// INT32 quantity, a DECIMAL(12,2) amount, and a column the pipeline
// leaves out.
type sale struct {
	OrderID  string `parquet:"order_id"`
	SoldAt   int64  `parquet:"sold_at,timestamp(microsecond)"`
	Quantity int32  `parquet:"quantity"`
	Amount   int64  `parquet:"sales_amount,decimal(2:12)"`
	Category string `parquet:"sales_category"`
	Note     string `parquet:"note"`
}

// A Parquet file of several row groups loads into a real SQLite
// warehouse, decimals and timestamps exact; a rerun loads nothing.
func TestRunnerLoadsParquet(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "sales.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[sale](f, parquet.MaxRowsPerRowGroup(4))
	for i := 1; i <= 10; i++ {
		s := sale{OrderID: fmt.Sprintf("o%02d", i), SoldAt: 1714557600000000 + int64(i)*1500, Quantity: int32(i), Amount: int64(i)*10001 + 5, Category: "Low", Note: "x"}
		if _, err := w.Write([]sale{s}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	path := filepath.Join(dir, "pipelines.yaml")
	if err := os.WriteFile(path, []byte(runnerYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	url := dbtest.SQLite(t)
	dbtest.Migrate(t, url)
	store, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	run := func() etl.Result {
		t.Helper()
		file, err := spec.Load(path, func(string) string { return "" })
		if err != nil {
			t.Fatal(err)
		}
		p, closeFn, err := file.Build(context.Background(), "sales", spec.Options{Targets: repository.NewTargets(store, models.All()...)})
		if err != nil {
			t.Fatal(err)
		}
		defer closeFn()
		res, err := (&etl.Runner{Warehouse: repository.NewWarehouse(store)}).Run(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := run(); res.Read != 10 || res.Loaded != 10 {
		t.Fatalf("run 1: %+v", res)
	}
	var got []string
	err = repository.Stream(context.Background(), store, "order_id", 100, func(b []models.TransformedSale) error {
		for _, r := range b {
			got = append(got, fmt.Sprintf("%s %s %d %s", r.OrderID, r.SoldAt.UTC().Format("15:04:05.000000"), r.Quantity, r.SalesAmount.StringFixed(2)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10 || got[0] != "o01 10:00:00.001500 1 100.06" || got[9] != "o10 10:00:00.015000 10 1000.15" {
		t.Errorf("table:\n%s", strings.Join(got, "\n"))
	}
	if res := run(); res.Read != 0 {
		t.Errorf("run 2 read %+v, want nothing", res)
	}
}
