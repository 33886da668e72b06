package mysql_test

import (
	"context"
	"testing"
	"time"
)

// SetTimeouts has the server end the transaction's statements past ctx's
// deadline (plus a second), and a scope without a deadline lifts the bound.
func TestSetTimeouts(t *testing.T) {
	db, _ := fresh(t)
	x := begin(t, db)
	// Short, but long enough for the two SET statements themselves on a
	// busy machine (a 1 ms deadline could pass before they ran).
	short, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := drv.SetTimeouts(short, x.Tx); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var limit float64
	if err := x.QueryRowContext(ctx, "SELECT @@max_statement_time").Scan(&limit); err != nil || limit <= 0 || limit > 2 {
		t.Fatalf("max_statement_time = %v (%v) under a 300 ms deadline, want about 1.3 s", limit, err)
	}
	var slept int
	if err := x.QueryRowContext(ctx, "SELECT SLEEP(5)").Scan(&slept); err == nil && slept == 0 {
		t.Fatal("a 5 s statement ran to its end past the server's limit")
	}
	if err := drv.SetTimeouts(ctx, x.Tx); err != nil {
		t.Fatal(err)
	}
	if err := x.QueryRowContext(ctx, "SELECT @@max_statement_time").Scan(&limit); err != nil || limit != 0 {
		t.Fatalf("max_statement_time = %v (%v) without a deadline, want 0", limit, err)
	}
}
