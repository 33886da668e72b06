// Package kafkatest runs an in-process Kafka cluster for tests (kfake, a
// Kafka protocol implementation): topics, produced messages, records
// deleted as retention would, and the queue_events pipeline file. Only
// tests import it.
package kafkatest

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
)

// Cluster is a kfake cluster listening on 127.0.0.1 and a client of it.
type Cluster struct {
	Addrs []string // the brokers' host:port
	t     testing.TB
	cl    *kgo.Client
}

// Start starts a cluster of one broker, closed at the end of the test.
// With user and pass set it requires SASL with them: PLAIN, SCRAM-SHA-256
// or SCRAM-SHA-512.
func Start(t testing.TB, user, pass string) *Cluster {
	t.Helper()
	opts := []kfake.Opt{kfake.NumBrokers(1)}
	if user != "" {
		opts = append(opts, kfake.EnableSASL())
		for _, m := range []string{"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"} {
			opts = append(opts, kfake.Superuser(m, user, pass))
		}
	}
	kc, err := kfake.NewCluster(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(kc.Close)
	c := &Cluster{Addrs: kc.ListenAddrs(), t: t}
	copts := []kgo.Opt{kgo.SeedBrokers(c.Addrs...), kgo.RecordPartitioner(kgo.ManualPartitioner())}
	if user != "" {
		copts = append(copts, kgo.SASL(plain.Auth{User: user, Pass: pass}.AsMechanism()))
	}
	if c.cl, err = kgo.NewClient(copts...); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.cl.Close)
	return c
}

// Brokers returns the brokers as a YAML flow sequence.
func (c *Cluster) Brokers() string { return "[" + strings.Join(c.Addrs, ", ") + "]" }

var topics atomic.Int64

// Topic creates a topic of the given partitions with a fresh name.
func (c *Cluster) Topic(partitions int32) string {
	c.t.Helper()
	name := fmt.Sprintf("events-%d-%d", time.Now().UnixNano()%1e6, topics.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := kadm.NewClient(c.cl).CreateTopic(ctx, partitions, 1, nil, name); err != nil {
		c.t.Fatalf("creating topic %s: %v", name, err)
	}
	return name
}

// Produce writes the records to the topic (each to its Partition) and
// waits for them to be stored.
func (c *Cluster) Produce(topic string, recs ...*kgo.Record) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, r := range recs {
		r.Topic = topic
	}
	if err := c.cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		c.t.Fatalf("producing to %s: %v", topic, err)
	}
}

// DeleteBefore deletes the records of a partition before offset, as
// retention does: the partition's first offset becomes offset.
func (c *Cluster) DeleteBefore(topic string, partition int32, offset int64) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var os kadm.Offsets
	os.AddOffset(topic, partition, offset, -1)
	resps, err := kadm.NewClient(c.cl).DeleteRecords(ctx, os)
	if err == nil {
		err = resps.Error()
	}
	if err != nil {
		c.t.Fatalf("deleting records of %s/%d before %d: %v", topic, partition, offset, err)
	}
}

// Events returns n messages of JSON events spread over the partitions in
// turn: body keys id (e00001…), kind, amount, occurred_at; key the id.
func Events(n int, partitions int32) []*kgo.Record {
	recs := make([]*kgo.Record, n)
	for i := range recs {
		id := fmt.Sprintf("e%05d", i+1)
		recs[i] = &kgo.Record{Partition: int32(i) % partitions, Key: []byte(id),
			Value: fmt.Appendf(nil, `{"id": %q, "kind": "sale", "amount": "%d.25", "occurred_at": "2026-03-01T10:%02d:%02dZ"}`, id, i+1, (i+1)/60%60, (i+1)%60)}
	}
	return recs
}

// EventsPipeline returns a pipeline file holding one pipeline,
// queue_events: the kafka source with these settings (a YAML flow
// mapping's inside) appending Events' messages to queue_events, the id
// as message_id. Appending is exactly-once: a message written twice
// would break the table's primary key.
func EventsPipeline(settings string, batch int) string {
	return fmt.Sprintf(`pipelines:
  queue_events:
    source:
      kafka: {%s}
    target: queue_events
    mode: append
    columns: {message_id: id, kind: kind, amount: amount, occurred_at: occurred_at}
    steps:
      - cast: {column: amount, to: decimal, scale: 2}
      - cast: {column: occurred_at, to: timestamp}
    batch_size: %d
`, settings, batch)
}
