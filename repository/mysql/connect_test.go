package mysql_test

import (
	"context"
	"testing"
	"time"
)

// SetTimeouts bounds the transaction's statements on the server, and 0
// lifts the bound again.
func TestSetTimeouts(t *testing.T) {
	ctx := context.Background()
	db, _ := fresh(t)
	x := begin(t, db)
	if err := drv.SetTimeouts(ctx, x.Tx, 200*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	var slept int
	if err := x.QueryRowContext(ctx, "SELECT SLEEP(5)").Scan(&slept); err == nil && slept == 0 {
		t.Fatal("a 5 s statement ran to its end under a 200 ms timeout")
	}
	if err := drv.SetTimeouts(ctx, x.Tx, 0); err != nil {
		t.Fatal(err)
	}
	var limit float64
	if err := x.QueryRowContext(ctx, "SELECT @@max_statement_time").Scan(&limit); err != nil || limit != 0 {
		t.Fatalf("max_statement_time = %v (%v) after SetTimeouts(0), want 0", limit, err)
	}
}
