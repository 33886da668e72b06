package main

import (
	"context"
	"strings"
)

// The references: the databases' own bulk paths doing the job of the
// loader's pipeline, run by their command-line clients.

// psqlCopy loads the pre-transformed CSV with psql \copy.
func (b *bench) psqlCopy(ctx context.Context) (measurement, error) {
	return b.psql(ctx, `\copy transformed_sales_data FROM '`+sqlQuote(b.data.Pre)+`' CSV HEADER`)
}

// sqliteImport loads the pre-transformed CSV with sqlite3 .import.
func (b *bench) sqliteImport(ctx context.Context, path string) (measurement, error) {
	return command(ctx, "sqlite3", path, `.import --csv --skip 1 "`+b.data.Pre+`" transformed_sales_data`)
}

func sqlQuote(s string) string { return strings.ReplaceAll(s, "'", "''") }

// transformSQL is bench_transform (sales_transform) as one statement:
// trim, order_id not NULL, amount NULL or empty → 0, regular expressions
// in place of the casts' parsing (a value that would not cast is left out,
// as the loader rejects it), the last row of each order_id by id, the bins
// by CASE, load_run_id 0.
//
// The sold_at pattern checks each field's range but not the days of each
// month (2024-02-30 would pass it and make the cast fail); the generator's
// malformed dates (2024-13-45 99:00:00) are out of range.
const transformSQL = `INSERT INTO transformed_sales_data
	(order_id, sold_at, customer, product, region, quantity, sales_amount, sales_category, load_run_id)
SELECT DISTINCT ON (order_id)
	order_id,
	btrim(sold_at)::timestamp AT TIME ZONE 'UTC',
	customer, product, region,
	btrim(quantity)::integer,
	amount::numeric(12, 2),
	CASE WHEN amount::numeric <= 100 THEN 'Low' WHEN amount::numeric <= 500 THEN 'Medium' ELSE 'High' END,
	0
FROM (
	SELECT id, btrim(order_id) AS order_id, sold_at, btrim(customer) AS customer,
		btrim(product) AS product, btrim(region) AS region, quantity,
		btrim(COALESCE(NULLIF(sales_amount, ''), '0')) AS amount
	FROM sales_data
) s
WHERE order_id IS NOT NULL
	AND amount ~ '^[0-9]{1,10}(\.[0-9]{1,2})?$'
	AND btrim(quantity) ~ '^[+-]?[0-9]{1,9}$'
	AND btrim(sold_at) ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$'
ORDER BY order_id, id DESC`
