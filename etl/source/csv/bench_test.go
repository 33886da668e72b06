package csvsource_test

import (
	"fmt"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	csvsource "github.com/warehouse-loader/loader/etl/source/csv"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

const benchRows = 200_000

// salesCSV is one row of a sales export, with a quoted field now and then.
func salesCSV(i int) string {
	note := ""
	if i%10 == 0 {
		note = `"gift, wrapped"`
	}
	return fmt.Sprintf("%d,2024-%02d-%02d,CUST-%05d,SKU-%04d,%d,%d.%02d,EUR,store-%d,%s\n",
		i, i%12+1, i%28+1, i%50000, i%9000, i%7+1, i%500, i%100, i%40, note)
}

func BenchmarkCSV(b *testing.B) {
	path := sourcetest.WriteLines(b, "sales.csv", "id,day,customer,sku,qty,price,currency,store,note\n", benchRows, salesCSV)
	sourcetest.Bench(b, func() (etl.Source, error) { return csvsource.NewCSV(path, csvsource.CSVOptions{}) }, benchRows)
}
