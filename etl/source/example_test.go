package source_test

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

func ExampleNewCSV() {
	src, err := source.NewCSV("../../testdata/sources/sales.csv", source.CSVOptions{})
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
	for {
		err := src.Next(ctx, &rec)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %q\n", rec.Position(), rec.Raw)
	}
	fmt.Println("records:", src.Checkpoint().Records)
	// Output:
	// [id customer amount note]
	// line 2: ["1" "Acme" "12.30" "first order, paid"]
	// line 3: ["2" "Globex" "7" <nil>]
	// line 4: ["3" "Initech \"EU\"" "100.00" "two\nlines"]
	// records: 3
}

func ExampleNewJSON() {
	src, err := source.NewJSON("../../testdata/sources/sales.json", source.JSONOptions{})
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
