package kafkasource_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	kafkasource "github.com/warehouse-loader/loader/etl/source/kafka"
	"github.com/warehouse-loader/loader/internal/kafkatest"
)

// Following: what is produced while the run reads arrives, a lull with
// records pending is etl.ErrFlush, and the run ends only with its
// context (never io.EOF).
func TestFollowFlushesAndEndsWithTheContext(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	topic := k.Topic(3)
	k.Produce(topic, kafkatest.Events(6, 3)...)
	cfg := kafkasource.Config{Brokers: k.Addrs, Topic: topic, Follow: true, FlushInterval: 100 * time.Millisecond}
	src, cols := open(t, cfg, etl.Checkpoint{}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	read, flushes := 0, 0
	for read < 12 {
		var rec etl.Record
		err := src.Next(ctx, &rec)
		switch {
		case errors.Is(err, etl.ErrFlush):
			flushes++
			if cp := src.Checkpoint(); cp.Records != int64(read) {
				t.Fatalf("checkpoint at the flush: %d records, want %d", cp.Records, read)
			}
			if read == 6 {
				k.Produce(topic, kafkatest.Events(6, 3)...)
			}
		case err != nil:
			t.Fatalf("record %d: %v", read+1, err)
		default:
			read++
		}
	}
	if flushes == 0 || cols.Len() != 10 {
		t.Fatalf("%d flushes, columns %v", flushes, cols.Names())
	}
	stop, cancelStop := context.WithCancel(ctx)
	go func() { time.Sleep(300 * time.Millisecond); cancelStop() }()
	var err error
	for err == nil || errors.Is(err, etl.ErrFlush) {
		err = src.Next(stop, &etl.Record{})
	}
	if !errors.Is(err, context.Canceled) || errors.Is(err, io.EOF) {
		t.Fatalf("after cancelling: %v, want context.Canceled", err)
	}
}
