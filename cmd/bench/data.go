package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/warehouse-loader/loader/internal/salesgen"
)

// dataset is one generated raw CSV and, when asked for, what bench_csv
// makes of it as a CSV the databases can bulk-load.
type dataset struct {
	Raw      string `json:"raw"`
	Pre      string `json:"pre,omitempty"` // "" when not written
	RawRows  int    `json:"raw_rows"`      // data rows of the raw CSV (n)
	Rejected int    `json:"rejected"`      // raw rows that do not parse
	Want     digest `json:"want"`          // what the target table must hold
}

// generate writes n raw rows to dir/name.csv and, if pre is set, the
// pre-transformed rows to dir/name.pre.csv. It runs in a process of its own
// (see prepare.go), since it holds every row in memory.
func generate(dir, name string, n int, seed uint64, pre bool) (dataset, error) {
	d := dataset{Raw: dir + "/" + name + ".csv", RawRows: n}
	if err := writeRaw(d.Raw, n, seed); err != nil {
		return d, err
	}
	rows, rejected, err := transformFile(d.Raw)
	if err != nil {
		return d, err
	}
	d.Rejected = rejected
	d.Want = digestOf(rows)
	if pre {
		d.Pre = dir + "/" + name + ".pre.csv"
		err = writePre(d.Pre, rows)
	}
	return d, err
}

func writeRaw(path string, n int, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := salesgen.Write(f, n, seed); err != nil {
		_ = f.Close()
		return fmt.Errorf("generating %s: %w", path, err)
	}
	return f.Close()
}

// writePre writes the rows in transformed_sales_data's column order, with a
// header, sold_at in RFC 3339 UTC and load_run_id 0.
func writePre(path string, rows []sale) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	_ = w.Write([]string{"order_id", "sold_at", "customer", "product", "region", "quantity", "sales_amount", "sales_category", "load_run_id"})
	rec := make([]string, 9)
	for _, s := range rows {
		rec[0], rec[1], rec[2], rec[3], rec[4] = s.orderID, time.Unix(s.soldAt, 0).UTC().Format(time.RFC3339), s.customer, s.product, s.region
		rec[5], rec[6], rec[7], rec[8] = strconv.Itoa(int(s.quantity)), amountText(s.cents), category(s.cents), "0"
		_ = w.Write(rec)
	}
	w.Flush()
	err = w.Error()
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		_ = f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
