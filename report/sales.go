// Package report computes the analyses the loader prints from the
// warehouse (`loader report ...`), through the Store's public API.
package report

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/repository"
)

// CategoryStats is one line of the sales report.
type CategoryStats struct {
	Category string          `json:"sales_category"`
	Count    int64           `json:"count"`
	Sum      decimal.Decimal `json:"sum"`
	Mean     decimal.Decimal `json:"mean"`
}

// salesSQL sums sales_amount as whole cents, which is exact on every
// dialect: PostgreSQL's numeric(12,2), MySQL's DECIMAL(12,2) and SQLite's
// REAL alike (a sum of whole numbers below 2^53 is exact in a double). The
// sum is scanned as text, which every driver gives and decimal reads.
const salesSQL = `SELECT sales_category, COUNT(*), SUM(ROUND(sales_amount * 100))
FROM transformed_sales_data GROUP BY sales_category
ORDER BY CASE sales_category WHEN 'Low' THEN 1 WHEN 'Medium' THEN 2 WHEN 'High' THEN 3 ELSE 4 END, sales_category`

// Sales returns count, sum and mean of sales_amount per sales_category of
// transformed_sales_data, Low, Medium, High first. The sum is exact; the
// mean is rounded half-even to 2 places. The query runs under the store's
// statement timeout (see repository.WithStatementTimeout).
func Sales(ctx context.Context, store *repository.Store) ([]CategoryStats, error) {
	var out []CategoryStats
	err := store.Query(ctx, func(db *gorm.DB) error {
		rows, err := db.Raw(salesSQL).Rows()
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		out, err = scanSales(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sales report: %w", err)
	}
	return out, nil
}

// scanSales reads the report's rows: category, count and sum in cents.
func scanSales(rows *sql.Rows) ([]CategoryStats, error) {
	var out []CategoryStats
	for rows.Next() {
		var c CategoryStats
		var cents string
		if err := rows.Scan(&c.Category, &c.Count, &cents); err != nil {
			return nil, err
		}
		sum, err := decimal.NewFromString(cents)
		if err != nil {
			return nil, fmt.Errorf("sum %q: %w", cents, err)
		}
		c.Sum = sum.Shift(-2)
		c.Mean = c.Sum.DivRound(decimal.NewFromInt(c.Count), 4).RoundBank(2)
		out = append(out, c)
	}
	return out, rows.Err()
}
