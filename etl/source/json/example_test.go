package jsonsource_test

import (
	"context"
	"fmt"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
)

func ExampleNewJSON() {
	src, err := jsonsource.NewJSON("../../../testdata/sources/sales.json", jsonsource.JSONOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	cols, err := src.Open(ctx, etl.Checkpoint{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer src.Close()
	fmt.Println(cols.Names())
	var rec etl.Record
	for src.Next(ctx, &rec) == nil {
		fmt.Print(rec.Position(), ":")
		for i, v := range rec.Raw {
			fmt.Printf(" %s=%#v", cols.Names()[i], v)
		}
		fmt.Println()
	}
	// Output:
	// [id customer amount paid tags]
	// line 2: id="1" customer="Acme" amount="12.30" paid=true tags="[\"a\",\"b\"]"
	// line 3: id="2" customer="Globex" amount="7" paid=false tags=<nil>
	// line 4: id="3" customer="Initech" amount="1e2" paid=<nil> tags=<nil>
}
