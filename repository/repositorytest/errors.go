package repositorytest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

func constraintErrorsMapToSentinels(t *testing.T, _ Target, raw string) {
	s := OpenStore(t, raw)
	ctx := context.Background()
	tests := []struct {
		name string
		sql  string
		want error
	}{
		{"not null", "INSERT INTO transformed_sales_data (order_id, sold_at, quantity, sales_amount, sales_category, load_run_id) VALUES ('a', '2024-01-01 00:00:00', NULL, 1, 'Low', 1)", repository.ErrNotNull},
		{"check", "INSERT INTO transformed_sales_data (order_id, sold_at, quantity, sales_amount, sales_category, load_run_id) VALUES ('a', '2024-01-01 00:00:00', 1, 1, 'Huge', 1)", repository.ErrCheck},
		{"foreign key", "INSERT INTO load_rejects (load_run_id, position, record, reason) VALUES (999, 'line 1', '{}', 'x')", repository.ErrForeignKey},
	}
	for _, tt := range tests {
		err := s.Scope(ctx, func(sess *repository.Session) error { return sess.Exec(ctx, tt.sql) })
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

// refusedRowsAreClassified: the database refusing a row's values is told
// apart, with a reason on one line, from a statement that fails.
func refusedRowsAreClassified(t *testing.T, _ Target, raw string) {
	s := OpenStore(t, raw)
	ctx := context.Background()
	tbl, err := s.TableOf(&models.TransformedSale{})
	if err != nil {
		t.Fatal(err)
	}
	bad := SaleRow(tbl, "r", "1.00", 1)
	bad[tbl.Index("sales_category")] = "Huge"
	for _, tc := range []struct {
		name    string
		write   func(sess *repository.Session) error
		refused bool
	}{
		{"check", func(sess *repository.Session) error { _, err := sess.AppendRows(ctx, tbl, [][]any{bad}); return err }, true},
		{"syntax", func(sess *repository.Session) error { return sess.Exec(ctx, "SELEC 1") }, false},
	} {
		err := s.Scope(ctx, tc.write)
		reason, ok := repository.RefusedRow(err)
		if err == nil || ok != tc.refused || ok && (reason == "" || strings.Contains(reason, "\n")) {
			t.Errorf("%s: RefusedRow(%v) = %q, %v; want refused %v with a one-line reason", tc.name, err, reason, ok, tc.refused)
		}
	}
}

// stagingTablesCarryTheTargetsConstraints: a row the swap would
// refuse is refused when it is staged: a duplicate key, a CHECK, a
// foreign key.
func stagingTablesCarryTheTargetsConstraints(t *testing.T, _ Target, raw string) {
	s := OpenStore(t, raw)
	ctx := context.Background()
	sales, err := s.TableOf(&models.TransformedSale{})
	if err != nil {
		t.Fatal(err)
	}
	rejects, err := s.TableOf(&models.LoadReject{})
	if err != nil {
		t.Fatal(err)
	}
	badCategory := SaleRow(sales, "c", "1.00", 1)
	badCategory[sales.Index("sales_category")] = "Huge"
	cases := []struct {
		name   string
		target repository.Table
		rows   [][]any
		want   error
	}{
		{"duplicate key", sales, [][]any{SaleRow(sales, "a", "1.00", 1), SaleRow(sales, "a", "2.00", 1)}, repository.ErrConflict},
		{"check", sales, [][]any{badCategory}, repository.ErrCheck},
		{"foreign key", rejects, [][]any{{int64(999), "line 2", "{}", "why"}}, repository.ErrForeignKey},
	}
	for i := range cases {
		tc := &cases[i]
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
}
