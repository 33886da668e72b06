package kafkasource_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	kafkasource "github.com/warehouse-loader/loader/etl/source/kafka"
	"github.com/warehouse-loader/loader/internal/kafkatest"
)

// Offsets the checkpoint holds that retention deleted: the run reads on
// at the partition's first offset, and a warning says how many were lost.
func TestDeletedOffsetsRestartAtTheEarliestWithAWarning(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	topic := k.Topic(2)
	k.Produce(topic, kafkatest.Events(40, 2)...) // 20 per partition
	cfg := kafkasource.Config{Brokers: k.Addrs, Topic: topic}
	cp := etl.Checkpoint{Records: 10, Cursor: `{"offsets":{"0":5,"1":5},"columns":["id","kind","amount","occurred_at"]}`}
	k.DeleteBefore(topic, 0, 12)
	var logs bytes.Buffer
	src, cols := open(t, cfg, cp, slog.New(slog.NewTextHandler(&logs, nil)))
	r := drain(t, src, cols, 100, 0)
	if len(r.Rows) != 8+15 {
		t.Fatalf("%d records after the deletion, want 8 of partition 0 and 15 of partition 1", len(r.Rows))
	}
	line := logs.String()
	if !strings.Contains(line, "level=WARN") || !strings.Contains(line, "partition=0") || !strings.Contains(line, "lost=7") {
		t.Fatalf("log %q, want a warning that 7 offsets of partition 0 were lost", line)
	}
}

// start: latest skips what partitions held before the first run; the
// checkpoint then holds their end, and the next run reads what came later.
func TestStartLatest(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	topic := k.Topic(2)
	k.Produce(topic, kafkatest.Events(6, 2)...)
	cfg := kafkasource.Config{Brokers: k.Addrs, Topic: topic, Start: kafkasource.StartLatest, Columns: []string{"id"}}
	src, cols := open(t, cfg, etl.Checkpoint{}, nil)
	r := drain(t, src, cols, 10, 0)
	_ = src.Close()
	if len(r.Rows) != 0 || r.last(t).Cursor != `{"offsets":{"0":3,"1":3}}` {
		t.Fatalf("%d records, checkpoint %+v; want none and the end offsets", len(r.Rows), r.last(t))
	}
	k.Produce(topic, kafkatest.Events(4, 2)...)
	src, cols = open(t, cfg, r.last(t), nil)
	if r := drain(t, src, cols, 10, 0); len(r.Rows) != 4 {
		t.Fatalf("%d records after the first run, want the 4 produced since", len(r.Rows))
	}
}

// A checkpoint past a partition's end is another topic's: Open fails
// with etl.ErrSourceChanged instead of skipping or rereading.
func TestCheckpointPastTheEndIsAnotherTopic(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	topic := k.Topic(1)
	k.Produce(topic, kafkatest.Events(2, 1)...)
	src, err := kafkasource.New(kafkasource.Config{Brokers: k.Addrs, Topic: topic}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = src.Open(ctx, etl.Checkpoint{Records: 50, Cursor: `{"offsets":{"0":50}}`})
	if !errors.Is(err, etl.ErrSourceChanged) || !strings.Contains(err.Error(), "offset 50, past the partition's end 2") {
		t.Fatalf("error %v, want ErrSourceChanged naming the offsets", err)
	}
}
