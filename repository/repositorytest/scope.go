package repositorytest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/warehouse-loader/loader/repository"
)

func scopeCommitsAndRollsBack(t *testing.T, _ Target, raw string) {
	boom := errors.New("boom")
	tests := []struct {
		name    string
		run     func(ctx context.Context, s *repository.Store) error
		wantErr error
		want    int64
	}{
		{"commit on nil", func(ctx context.Context, s *repository.Store) error {
			return s.Scope(ctx, func(sess *repository.Session) error { return InsertOne(ctx, sess, "a") })
		}, nil, 1},
		{"rollback on error", func(ctx context.Context, s *repository.Store) error {
			return s.Scope(ctx, func(sess *repository.Session) error {
				if err := InsertOne(ctx, sess, "a"); err != nil {
					return err
				}
				return boom
			})
		}, boom, 0},
		{"rollback on cancelled context", func(ctx context.Context, s *repository.Store) error {
			ctx, cancel := context.WithCancel(ctx)
			return s.Scope(ctx, func(sess *repository.Session) error {
				err := InsertOne(ctx, sess, "a")
				cancel()
				return err
			})
		}, context.Canceled, 0},
		{"savepoint rolls back inner only", func(ctx context.Context, s *repository.Store) error {
			return s.Scope(ctx, func(sess *repository.Session) error {
				if err := InsertOne(ctx, sess, "outer"); err != nil {
					return err
				}
				err := sess.Scope(ctx, func(inner *repository.Session) error {
					if err := InsertOne(ctx, inner, "inner"); err != nil {
						return err
					}
					return boom
				})
				if !errors.Is(err, boom) {
					return fmt.Errorf("inner scope returned %v", err)
				}
				return sess.Scope(ctx, func(inner *repository.Session) error { return InsertOne(ctx, inner, "inner2") })
			})
		}, nil, 2},
		{"outer rollback undoes released savepoint", func(ctx context.Context, s *repository.Store) error {
			return s.Scope(ctx, func(sess *repository.Session) error {
				if err := sess.Scope(ctx, func(inner *repository.Session) error { return InsertOne(ctx, inner, "a") }); err != nil {
					return err
				}
				return boom
			})
		}, boom, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := OpenStore(t, raw)
			t.Cleanup(func() { clearSales(t, s) })
			err := tt.run(context.Background(), s)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Scope = %v, want %v", err, tt.wantErr)
			}
			if n := CountSales(t, s); n != tt.want {
				t.Fatalf("%d rows after the scope, want %d", n, tt.want)
			}
		})
	}
}

func clearSales(t testing.TB, s *repository.Store) {
	err := s.Scope(context.Background(), func(sess *repository.Session) error {
		return sess.Exec(context.Background(), "DELETE FROM transformed_sales_data")
	})
	if err != nil {
		t.Fatal(err)
	}
}

func scopeRollsBackOnPanic(t *testing.T, _ Target, raw string) {
	s := OpenStore(t, raw)
	ctx := context.Background()
	func() {
		defer func() {
			if r := recover(); r != "kaboom" {
				t.Fatalf("recovered %v, want the original panic", r)
			}
		}()
		_ = s.Scope(ctx, func(sess *repository.Session) error {
			if err := InsertOne(ctx, sess, "a"); err != nil {
				t.Fatal(err)
			}
			panic("kaboom")
		})
	}()
	if n := CountSales(t, s); n != 0 {
		t.Fatalf("%d rows after a panicking scope, want 0", n)
	}
	// The connection went back to the pool usable.
	if err := s.Scope(ctx, func(sess *repository.Session) error { return InsertOne(ctx, sess, "b") }); err != nil {
		t.Fatal(err)
	}
}

func execIsAllOrNothing(t *testing.T, _ Target, raw string) {
	s := OpenStore(t, raw)
	ctx := context.Background()
	err := s.Scope(ctx, func(sess *repository.Session) error {
		return sess.Exec(ctx,
			"INSERT INTO transformed_sales_data (order_id, sold_at, quantity, sales_amount, sales_category, load_run_id) VALUES ('x', '2024-01-01 00:00:00', 1, 1.50, 'Low', 1)",
			"INSERT INTO transformed_sales_data (order_id, sold_at, quantity, sales_amount, sales_category, load_run_id) VALUES ('x', '2024-01-01 00:00:00', 1, 1.50, 'Low', 1)",
		)
	})
	if !errors.Is(err, repository.ErrConflict) {
		t.Fatalf("Exec = %v, want ErrConflict", err)
	}
	if n := CountSales(t, s); n != 0 {
		t.Fatalf("%d rows, want 0: the first statement must roll back with the second", n)
	}
}
