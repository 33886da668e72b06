package main

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestKafkaEventIsAQueueEventsRow(t *testing.T) {
	tests := []struct {
		i                    int
		id, kind, amount, at string
	}{
		{0, "e1", "sale", "0.01", "2026-03-01T00:00:00Z"},
		{1, "e2", "refund", "0.38", "2026-03-01T00:00:01Z"},
		{3661, "e3662", "refund", "1354.58", "2026-03-01T01:01:01Z"},
	}
	for _, tt := range tests {
		id, kind, amount, at := kafkaEvent(tt.i)
		if id != tt.id || kind != tt.kind || amount != tt.amount || at != tt.at {
			t.Errorf("kafkaEvent(%d) = %s %s %s %s, want %s %s %s %s",
				tt.i, id, kind, amount, at, tt.id, tt.kind, tt.amount, tt.at)
		}
	}
}

func TestTheReferenceConsumerReadsEveryProducedMessage(t *testing.T) {
	t.Setenv(kafkaAddrEnv, "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	k, err := startKafka(ctx, 25)
	if err != nil {
		t.Fatal(err)
	}
	defer k.close()
	if got := os.Getenv(kafkaAddrEnv); got != k.addr {
		t.Errorf("%s = %q, want the broker %q", kafkaAddrEnv, got, k.addr)
	}
	read, _, err := k.consumeAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if read != 25 || k.want.Rows != 25 {
		t.Errorf("read %d messages, produced %d, want 25 of each", read, k.want.Rows)
	}
}
