package main

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/amqptest"
)

// A fill publishes every event to the case's queue, a second fill
// replaces them, and the drain receives them all, ids and bodies as sent,
// leaving the queue empty; the queue is gone after close.
func TestRabbitFillThenDrainReceivesEveryMessage(t *testing.T) {
	const n = 2500 // under one multiple ack: only the last message is acknowledged
	url := amqptest.URL(t)
	t.Setenv(rabbitURLEnv, "")
	t.Setenv(rabbitQueueEnv, "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, err := openRabbit(ctx, url, n)
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			r.close()
		}
	}()
	if got := os.Getenv(rabbitQueueEnv); got != r.queue || !strings.HasPrefix(got, "loader-bench-") {
		t.Errorf("%s = %q, want the queue %q", rabbitQueueEnv, got, r.queue)
	}
	for range 2 {
		if err := r.fill(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if left, err := r.ready(ctx); err != nil || left != n {
		t.Fatalf("queue holds %d messages (%v), want %d", left, err, n)
	}
	if len(r.publishSeconds) != 2 {
		t.Errorf("publish times = %v, want 2", r.publishSeconds)
	}
	if _, err := r.drain(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := r.drained(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != r.want || got.Rows != n {
		t.Errorf("drained %v, want %v", got, r.want)
	}
	if err := r.fill(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.emptied(ctx); err == nil || !strings.Contains(err.Error(), "still holds 2500 messages") {
		t.Errorf("emptied on a full queue: %v, want the count of messages left", err)
	}
	r.close()
	closed = true
	conn, ch, err := r.dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	if _, err := ch.QueueDeclarePassive(r.queue, true, false, false, false, nil); err == nil {
		t.Errorf("queue %s still exists after close", r.queue)
	}
}

// The digest PostgreSQL computes over queue_events is the one the bench
// computes over the events it publishes, and it tells a changed amount.
func TestPGQueueDigestMatchesTheEvents(t *testing.T) {
	const n, tmp = 1200, "loader_bench_digest_test"
	u := os.Getenv("LOADER_TEST_DATABASE_URL")
	if u == "" {
		u = defaultPostgres
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() }) // after the schema's drop below
	if err := db.PingContext(ctx); err != nil {
		t.Skipf("PostgreSQL at %s: %v", u, err)
	}
	for _, s := range []string{
		"DROP SCHEMA IF EXISTS " + tmp + " CASCADE", "CREATE SCHEMA " + tmp,
		"CREATE TABLE " + tmp + ".queue_events (message_id text PRIMARY KEY, kind text NOT NULL, amount numeric(12,2) NOT NULL, occurred_at timestamptz NOT NULL)",
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { _, _ = db.ExecContext(context.Background(), "DROP SCHEMA IF EXISTS "+tmp+" CASCADE") })
	var want summer
	for i := range n {
		id, kind, amount, at := rabbitEvent(i)
		want.add(id, kind, amount, at)
		if _, err := db.ExecContext(ctx, "INSERT INTO "+tmp+".queue_events VALUES ($1, $2, $3::numeric, $4::timestamptz)", id, kind, amount, at); err != nil {
			t.Fatal(err)
		}
	}
	query := strings.ReplaceAll(pgQueueDigestSQL, schema+".", tmp+".")
	sum := func() digest {
		var d digest
		if err := db.QueryRowContext(ctx, query).Scan(&d.Rows, &d.Sum); err != nil {
			t.Fatal(err)
		}
		return d
	}
	if got := sum(); got != want.digest() {
		t.Errorf("PostgreSQL digest %v, want %v", got, want.digest())
	}
	if _, err := db.ExecContext(ctx, "UPDATE "+tmp+".queue_events SET amount = amount + 0.01 WHERE message_id = 'm0000007'"); err != nil {
		t.Fatal(err)
	}
	if got := sum(); got == want.digest() {
		t.Errorf("digest unchanged after an amount changed: %v", got)
	}
}
