package transform_test

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/transform"
)

// The pandas script did pd.cut(df.amount, bins=[0, 100, 500, inf],
// labels=[Low, Medium, High]) after fillna(0), which left 0 without a
// label. Here the lowest bin is open below, and min rejects negatives.
func ExampleNewBin() {
	step, err := transform.NewBin(transform.BinConfig{
		Column: "amount",
		Into:   "tier",
		Edges:  []string{"100", "500"},
		Labels: []string{"Low", "Medium", "High"},
		Min:    "0",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	cols, apply, _ := step.Bind(etl.MustColumns("amount"))
	fmt.Println(cols.Names())
	for _, amount := range []string{"0", "100", "100.01", "500", "1e6", "-1"} {
		rec := &etl.Record{Row: etl.Row{decimal.RequireFromString(amount)}}
		if err := apply(rec); err != nil {
			fmt.Println("rejected:", err)
			continue
		}
		fmt.Println(amount, rec.Row[1])
	}
	// Output:
	// [amount tier]
	// 0 Low
	// 100 Low
	// 100.01 Medium
	// 500 Medium
	// 1e6 High
	// rejected: column amount: -1 is below the minimum 0
}
