package csvsource_test

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/warehouse-loader/loader/etl"
	csvsource "github.com/warehouse-loader/loader/etl/source/csv"
)

func ExampleNewCSV() {
	src, err := csvsource.NewCSV("../../../testdata/sources/sales.csv", csvsource.CSVOptions{})
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
