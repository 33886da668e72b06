package repository_test

import (
	"context"
	"errors"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// TestStagingTablesCarryTheTargetsConstraints: a row the swap would
// refuse is refused when it is staged: a duplicate key, a CHECK, a
// foreign key.
func TestStagingTablesCarryTheTargetsConstraints(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		ctx := context.Background()
		sales, err := s.TableOf(&models.TransformedSale{})
		if err != nil {
			t.Fatal(err)
		}
		rejects, err := s.TableOf(&models.LoadReject{})
		if err != nil {
			t.Fatal(err)
		}
		badCategory := saleRow(sales, "c", "1.00", 1)
		badCategory[sales.Index("sales_category")] = "Huge"
		for _, tc := range []struct {
			name   string
			target repository.Table
			rows   [][]any
			want   error
		}{
			{"duplicate key", sales, [][]any{saleRow(sales, "a", "1.00", 1), saleRow(sales, "a", "2.00", 1)}, repository.ErrConflict},
			{"check", sales, [][]any{badCategory}, repository.ErrCheck},
			{"foreign key", rejects, [][]any{{int64(999), "line 2", "{}", "why"}}, repository.ErrForeignKey},
		} {
			t.Run(tc.name, func(t *testing.T) {
				stage := repository.StagingTable(tc.target, tc.name) // one name per shape: COPY caches column types by table
				err := s.Scope(ctx, func(sess *repository.Session) error {
					if err := sess.CreateStaging(ctx, tc.target, stage); err != nil {
						return err
					}
					_, err := sess.AppendRows(ctx, stage, tc.rows)
					return err
				})
				if !errors.Is(err, tc.want) {
					t.Fatalf("staging %v: %v, want %v", tc.rows, err, tc.want)
				}
			})
		}
	})
}
