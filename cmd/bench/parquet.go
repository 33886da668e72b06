package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
)

// The parquet_to_pg case: a snappy Parquet file of -parquet-n distinct
// orders, read by bench_parquet (the parquet source) into
// transformed_sales_data, against psql \copy of the same rows as CSV.
const (
	parquetToPG = "parquet_to_pg"
	// parquetCommand is the hidden first argument that runs parquetMain.
	parquetCommand = "prepare-parquet"
	parquetGroup   = 128 << 10 // rows per row group
)

// pqSale is one row of the Parquet file: transformed_sales_data's columns
// but sales_category (bench_parquet bins the amount) and load_run_id.
type pqSale struct {
	OrderID  string  `parquet:"order_id"`
	SoldAt   int64   `parquet:"sold_at,timestamp(microsecond)"`
	Customer string  `parquet:"customer"`
	Product  string  `parquet:"product"`
	Region   *string `parquet:"region,optional"` // NULL in 1 row of 10
	Quantity int32   `parquet:"quantity"`
	Amount   int64   `parquet:"sales_amount,decimal(2:12)"` // cents
}

var pqProducts = []string{"Laptop", "Monitor", "Keyboard", "Mouse", "Headset", "Dock", "Webcam"}

var pqRegions = []string{"North", "South", "East", "West"}

// pqRow is the i-th row, computed from i alone: whole seconds, amounts
// from 0.01 to 1000.00 so every bin is used.
func pqRow(i int) pqSale {
	s := pqSale{
		OrderID:  fmt.Sprintf("PQ-%09d", i),
		SoldAt:   (1704067200 + int64(i)*7%31536000) * 1_000_000,
		Customer: fmt.Sprintf("CUST-%05d", i%50000),
		Product:  pqProducts[i%len(pqProducts)],
		Quantity: int32(i%9 + 1),
		Amount:   int64(i)*7919%100000 + 1,
	}
	if i%10 != 0 {
		s.Region = &pqRegions[i%len(pqRegions)]
	}
	return s
}

// parquetData is the case's files and what transformed_sales_data must
// hold after either side.
type parquetData struct {
	Parquet string `json:"parquet"`
	Pre     string `json:"pre"` // the same rows as the CSV \copy loads
	Want    digest `json:"want"`
}

// prepareParquet writes the files in a child process (this program,
// parquetCommand), for the reason given in prepare.go.
func prepareParquet(ctx context.Context, dir string, n int) (parquetData, error) {
	d, err := inChild[parquetData](ctx, parquetCommand, "-dir", dir, "-n", strconv.Itoa(n))
	if err != nil {
		return d, fmt.Errorf("preparing %d Parquet rows: %w", n, err)
	}
	return d, nil
}

// parquetMain is the child: it writes the files and prints parquetData.
func parquetMain(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(parquetCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "folder for the files")
	n := fs.Int("n", 0, "rows")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := writeParquet(*dir, *n)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(d)
}
