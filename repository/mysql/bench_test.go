package mysql_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/mysql"
)

// BenchmarkAppend compares the two append paths on transformed_sales_data,
// each batch in a transaction of its own, rolled back (the commit, the
// same for both, is left out): LOAD DATA LOCAL from a reader, and
// prepared multi-row INSERTs of 500 rows. Reports rows/s.
func BenchmarkAppend(b *testing.B) {
	paths := []struct {
		name string
		fn   func(context.Context, driver.Tx, target.Table, string, [][]any) (int64, error)
	}{
		{"load_data", mysql.LoadData},
		{"insert", func(ctx context.Context, tx driver.Tx, t target.Table, table string, rows [][]any) (int64, error) {
			return mysql.InsertRows(ctx, tx, t, table, rows, 500)
		}},
	}
	for _, size := range []int{16, 64, 256, 5000} {
		for _, p := range paths {
			b.Run(fmt.Sprintf("%s/%d", p.name, size), func(b *testing.B) {
				db, _ := migrated(b)
				ctx := context.Background()
				batch := 0
				for b.Loop() {
					rows := saleRows(fmt.Sprint("b", batch), size, 1)
					batch++
					x, done, err := newTxn(ctx, db)
					if err == nil {
						_, err = p.fn(ctx, x, sales, sales.Name, rows)
						done()
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(size*b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}
