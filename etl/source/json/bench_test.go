package jsonsource_test

import (
	"fmt"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

const benchRows = 200_000

func salesNDJSON(i int) string {
	return fmt.Sprintf(`{"id":%d,"day":"2024-%02d-%02d","customer":"CUST-%05d","sku":"SKU-%04d","qty":%d,"price":%d.%02d,"paid":true}`+"\n",
		i, i%12+1, i%28+1, i%50000, i%9000, i%7+1, i%500, i%100)
}

func BenchmarkNDJSON(b *testing.B) {
	path := sourcetest.WriteLines(b, "sales.ndjson", "", benchRows, salesNDJSON)
	sourcetest.Bench(b, func() (etl.Source, error) { return jsonsource.NewJSON(path, jsonsource.JSONOptions{}) }, benchRows)
}
