package etl_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl"
	csvsource "github.com/warehouse-loader/loader/etl/source/csv"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// A typed pipeline: each CSV record is mapped to the GORM model in Go, and
// loaded into the model's table with an upsert on its primary key.
func ExampleNewTyped() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer func() { _ = os.RemoveAll(dir) }()
	url := "sqlite://" + filepath.Join(dir, "warehouse.db")
	migrate(ctx, url)
	store, _ := repository.Open(ctx, url)
	defer func() { _ = store.Close() }()

	csv := filepath.Join(dir, "sales.csv")
	_ = os.WriteFile(csv, []byte("order_id,sold_at,amount\nA-1,2024-05-01T10:00:00Z,99.50\nA-2,2024-05-01T11:00:00Z,abc\n"), 0o644)
	src, _ := csvsource.NewCSV(csv, csvsource.CSVOptions{})

	model, _ := repository.ModelOf[models.TransformedSale](store)
	p := etl.NewTyped(model, "example", src, etl.Upsert, func(v etl.View) (models.TransformedSale, error) {
		id, _ := v.Text("order_id")
		at, _ := v.Text("sold_at")
		amount, _ := v.Text("amount")
		when, err := time.Parse(time.RFC3339, at)
		if err != nil {
			return models.TransformedSale{}, etl.Rejectf("sold_at %q is not RFC 3339", at)
		}
		d, err := decimal.NewFromString(amount)
		if err != nil {
			return models.TransformedSale{}, etl.Rejectf("amount %q is not a decimal", amount)
		}
		return models.TransformedSale{OrderID: id, SoldAt: when, Quantity: 1, SalesAmount: d, SalesCategory: "Low"}, nil
	})
	res, err := (&etl.Runner{Warehouse: repository.NewWarehouse(store)}).Run(ctx, p)
	fmt.Println(res.Status, res.Read, "read,", res.Loaded, "loaded,", res.Rejected, "rejected", err)
	rejects, _ := store.Rejects(ctx, res.RunID, 10)
	fmt.Println(rejects[0].Position, rejects[0].Reason)
	// Output:
	// succeeded 2 read, 1 loaded, 1 rejected <nil>
	// line 3 amount "abc" is not a decimal
}

func migrate(ctx context.Context, url string) {
	u, _ := dburl.Parse(url)
	m, err := migrations.New(ctx, u)
	if err != nil {
		panic(err)
	}
	defer func() { _ = m.Close() }()
	if _, err := m.Up(ctx); err != nil {
		panic(err)
	}
}
