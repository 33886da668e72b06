package repository_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// BenchmarkAppendRows writes batches of 10,000 sales, each in a scope of
// its own: COPY on PostgreSQL, multi-row INSERTs on SQLite.
func BenchmarkAppendRows(b *testing.B) {
	for _, d := range dbtest.Dialects {
		b.Run(d, func(b *testing.B) {
			raw := dbtest.New(b, d)
			dbtest.Migrate(b, raw)
			s, err := repository.Open(context.Background(), raw)
			if err != nil {
				b.Fatal(err)
			}
			defer func() { _ = s.Close() }()
			benchAppend(b, s)
		})
	}
}

func benchAppend(b *testing.B, s *repository.Store) {
	ctx := context.Background()
	tbl, err := s.TableOf(&models.TransformedSale{})
	if err != nil {
		b.Fatal(err)
	}
	const batch = 10_000
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := range b.N {
		rows := make([][]any, batch)
		for j := range rows {
			rows[j] = []any{fmt.Sprintf("o%d-%d", i, j), at, nil, nil, nil, int32(2), decimal.New(int64(j), -2), "Low", int64(1)}
		}
		err := s.Scope(ctx, func(sess *repository.Session) error {
			_, err := sess.AppendRows(ctx, tbl, rows)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "rows/s")
}
