package repository

import (
	"context"
	"errors"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository/driver"
)

// A write that gets past the text checks meets the database's refusal,
// and the connection it was tried on goes back to the pool able to write.
func TestReadOnlyRefusesWritesAndFreesTheConnection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		ctx := context.Background()
		s, err := Open(ctx, raw, WithMaxConns(1))
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = s.Close() }()
		exec := func(stmt string) error {
			return s.Scope(ctx, func(sess *Session) error { return sess.Exec(ctx, stmt) })
		}
		if err := exec("CREATE TABLE victim (id integer)"); err != nil {
			t.Fatal(err)
		}
		err = s.readOnly(ctx, func(ctx context.Context, q driver.Queryer) error {
			rows, err := q.QueryContext(ctx, "INSERT INTO victim VALUES (1) RETURNING id")
			if err != nil {
				return err
			}
			defer func() { _ = rows.Close() }()
			for rows.Next() {
			}
			return rows.Err()
		})
		if !errors.Is(err, ErrReadOnly) {
			t.Fatalf("write in readOnly = %v, want ErrReadOnly", err)
		}
		if err := exec("INSERT INTO victim VALUES (2)"); err != nil {
			t.Fatalf("the connection stayed read-only: %v", err)
		}
		var n int64
		if err := s.sqlDB.QueryRowContext(ctx, "SELECT count(*) FROM victim").Scan(&n); err != nil || n != 1 {
			t.Fatalf("victim holds %d rows (%v), want the 1 written after the read", n, err)
		}
	})
}
