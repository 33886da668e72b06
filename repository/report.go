package repository

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// CategoryStats is one line of the sales report.
type CategoryStats struct {
	Category string          `json:"sales_category"`
	Count    int64           `json:"count"`
	Sum      decimal.Decimal `json:"sum"`
	Mean     decimal.Decimal `json:"mean"`
}

// SalesReport returns count, sum and mean of sales_amount per
// sales_category of transformed_sales_data, Low, Medium, High first. The
// arithmetic is exact on both dialects: PostgreSQL sums numerics; on
// SQLite, which stores numeric(12,2) as REAL, amounts are summed as whole
// cents. The mean is rounded half-even to 2 places. The query runs under
// the statement timeout (see WithStatementTimeout).
func (s *Store) SalesReport(ctx context.Context) ([]CategoryStats, error) {
	q := `SELECT sales_category, COUNT(*), CAST(SUM(sales_amount) AS text) FROM transformed_sales_data GROUP BY sales_category`
	if s.url.Dialect == dburl.SQLite {
		q = `SELECT sales_category, COUNT(*), CAST(SUM(CAST(ROUND(sales_amount * 100) AS INTEGER)) AS TEXT) FROM transformed_sales_data GROUP BY sales_category`
	}
	q += ` ORDER BY CASE sales_category WHEN 'Low' THEN 1 WHEN 'Medium' THEN 2 WHEN 'High' THEN 3 ELSE 4 END, sales_category`
	var out []CategoryStats
	err := s.query(ctx, func(db *gorm.DB) error {
		rows, err := db.Raw(q).Rows()
		if err != nil {
			return err
		}
		defer func() { _ = rows.Close() }()
		out, err = s.scanReport(rows)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sales report: %w", err)
	}
	return out, nil
}

// scanReport reads the report's rows: category, count and sum as text.
func (s *Store) scanReport(rows *sql.Rows) ([]CategoryStats, error) {
	var out []CategoryStats
	for rows.Next() {
		var c CategoryStats
		var sum string
		if err := rows.Scan(&c.Category, &c.Count, &sum); err != nil {
			return nil, err
		}
		var err error
		if c.Sum, err = decimal.NewFromString(sum); err != nil {
			return nil, fmt.Errorf("sum %q: %w", sum, err)
		}
		if s.url.Dialect == dburl.SQLite {
			c.Sum = c.Sum.Shift(-2)
		}
		c.Mean = c.Sum.DivRound(decimal.NewFromInt(c.Count), 4).RoundBank(2)
		out = append(out, c)
	}
	return out, rows.Err()
}
