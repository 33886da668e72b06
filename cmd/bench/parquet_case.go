package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"
)

// writeParquet streams n rows to dir/parquet.parquet (snappy, row groups
// of parquetGroup rows) and, in transformed_sales_data's column order, to
// dir/parquet.pre.csv, summing their digest on the way.
func writeParquet(dir string, n int) (parquetData, error) {
	d := parquetData{Parquet: dir + "/parquet.parquet", Pre: dir + "/parquet.pre.csv"}
	pf, err := os.Create(d.Parquet)
	if err != nil {
		return d, err
	}
	defer func() { _ = pf.Close() }()
	cf, err := os.Create(d.Pre)
	if err != nil {
		return d, err
	}
	defer func() { _ = cf.Close() }()
	pw := parquet.NewGenericWriter[pqSale](pf, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(parquetGroup))
	bw := bufio.NewWriterSize(cf, 1<<20)
	cw := csv.NewWriter(bw)
	_ = cw.Write([]string{"order_id", "sold_at", "customer", "product", "region", "quantity", "sales_amount", "sales_category", "load_run_id"})
	var sum summer
	batch := make([]pqSale, 0, 1000)
	rec := make([]string, 9)
	for i := range n {
		s := pqRow(i)
		region := ""
		if s.Region != nil {
			region = *s.Region
		}
		sold := time.Unix(s.SoldAt/1_000_000, 0).UTC()
		rec[0], rec[1], rec[2], rec[3], rec[4] = s.OrderID, sold.Format(time.RFC3339), s.Customer, s.Product, region
		rec[5], rec[6], rec[7], rec[8] = strconv.Itoa(int(s.Quantity)), amountText(s.Amount), category(s.Amount), "0"
		_ = cw.Write(rec)
		rec[1] = sold.Format(time.DateTime)
		sum.add(rec[:8]...)
		if batch = append(batch, s); len(batch) == cap(batch) || i == n-1 {
			if _, err := pw.Write(batch); err != nil {
				return d, fmt.Errorf("writing %s: %w", d.Parquet, err)
			}
			batch = batch[:0]
		}
	}
	if err := pw.Close(); err != nil {
		return d, fmt.Errorf("writing %s: %w", d.Parquet, err)
	}
	if cw.Flush(); cw.Error() != nil || bw.Flush() != nil {
		return d, fmt.Errorf("writing %s: %w", d.Pre, cw.Error())
	}
	d.Want = sum.digest()
	if err := pf.Close(); err != nil {
		return d, err
	}
	return d, cf.Close()
}

// parquetToPGCase: bench_parquet into an empty, freshly migrated schema,
// against psql \copy of the same rows as CSV into another such schema.
func (b *bench) parquetToPG() benchCase {
	d := b.pq
	return benchCase{
		name:      parquetToPG,
		loaderCmd: "loader run bench_parquet (Parquet → transformed_sales_data, empty table)",
		reference: `psql \copy of the same rows as CSV`,
		target:    0.8,
		want:      &d.Want,
		loader: side{
			prepare: b.freshPG,
			timed: func(ctx context.Context) (measurement, error) {
				return b.runPipeline(ctx, b.pg.loaderURL, "bench_parquet", d.Parquet)
			},
			digest: b.pg.digest,
		},
		ref: side{
			prepare: b.freshPG,
			timed: func(ctx context.Context) (measurement, error) {
				return b.psql(ctx, `\copy transformed_sales_data FROM '`+sqlQuote(d.Pre)+`' CSV HEADER`)
			},
			digest: b.pg.digest,
		},
	}
}
