package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// The kafka_to_pg case: a kfake cluster (a Kafka protocol implementation)
// served by this process, its topic read by bench_kafka (the kafka
// source) into queue_events.
const (
	kafkaToPG       = "kafka_to_pg"
	kafkaTopic      = "bench_events" // bench/pipelines.yaml reads it
	kafkaPartitions = 3
	// kafkaAddrEnv is how bench/pipelines.yaml learns the broker's
	// address (${LOADER_BENCH_KAFKA_ADDR}); it is set for every case, as
	// the file must parse in all of them.
	kafkaAddrEnv = "LOADER_BENCH_KAFKA_ADDR"
	// kafkaChunk is how many messages are produced per ProduceSync.
	kafkaChunk = 10000
	// kafkaTimeout bounds producing everything and one reference read.
	kafkaTimeout = 5 * time.Minute
)

// kafkaKinds are the kinds the events take in turn.
var kafkaKinds = []string{"sale", "refund", "adjustment"}

// kafkaCluster is the cluster of the case and what a full read of its
// topic must load.
type kafkaCluster struct {
	kc   *kfake.Cluster
	addr string
	want digest
}

// startKafka starts a one-broker cluster on 127.0.0.1 with the topic of
// kafkaPartitions partitions, produces n events to it and sets
// kafkaAddrEnv.
func startKafka(ctx context.Context, n int) (*kafkaCluster, error) {
	kc, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(kafkaPartitions, kafkaTopic))
	if err != nil {
		return nil, fmt.Errorf("the kafka case's cluster: %w", err)
	}
	k := &kafkaCluster{kc: kc, addr: kc.ListenAddrs()[0]}
	if k.want, err = k.produce(ctx, n); err != nil {
		kc.Close()
		return nil, err
	}
	return k, os.Setenv(kafkaAddrEnv, k.addr)
}

func (k *kafkaCluster) close() { k.kc.Close() }

// produce writes n events, spread over the partitions in turn, and
// returns their digest as queue_events must hold it.
func (k *kafkaCluster) produce(ctx context.Context, n int) (digest, error) {
	ctx, cancel := context.WithTimeout(ctx, kafkaTimeout)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(k.addr), kgo.DefaultProduceTopic(kafkaTopic),
		kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerBatchMaxBytes(1<<20))
	if err != nil {
		return digest{}, fmt.Errorf("the kafka case's producer: %w", err)
	}
	defer cl.Close()
	var sum summer
	recs := make([]*kgo.Record, 0, kafkaChunk)
	for i := range n {
		id, kind, amount, at := kafkaEvent(i)
		sum.add(id, kind, amount, at)
		recs = append(recs, &kgo.Record{Partition: int32(i % kafkaPartitions), Key: []byte(id),
			Value: fmt.Appendf(nil, `{"id":%q,"kind":%q,"amount":%q,"occurred_at":%q}`, id, kind, amount, at)})
		if len(recs) == cap(recs) || i == n-1 {
			if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
				return digest{}, fmt.Errorf("producing to %s: %w", kafkaTopic, err)
			}
			recs = recs[:0]
		}
	}
	return sum.digest(), nil
}

// kafkaEvent is the i-th event's message_id, kind, amount (2 places) and
// occurred_at (RFC 3339, UTC), as the message carries them.
func kafkaEvent(i int) (id, kind, amount, at string) {
	cents := int64(i%100_000)*37%1_000_000 + 1
	t := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
	return "e" + strconv.Itoa(i+1), kafkaKinds[i%len(kafkaKinds)], amountText(cents), t.Format(time.RFC3339)
}

// consumeAll is the reference: a plain franz-go client assigned every
// partition from the start, counting records until it has the topic's n
// and decoding none, so its time is the cluster's own time to serve the
// fetches (and the transfer and the client's batch decoding).
func (k *kafkaCluster) consumeAll(ctx context.Context) (int64, measurement, error) {
	ctx, cancel := context.WithTimeout(ctx, kafkaTimeout)
	defer cancel()
	start := time.Now()
	parts := map[int32]kgo.Offset{}
	for p := range int32(kafkaPartitions) {
		parts[p] = kgo.NewOffset().AtStart()
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(k.addr),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{kafkaTopic: parts}))
	if err != nil {
		return 0, measurement{}, fmt.Errorf("the kafka case's consumer: %w", err)
	}
	defer cl.Close()
	var got int64
	for got < k.want.Rows {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			return got, measurement{}, fmt.Errorf("reading %s: %d of %d messages: %w", kafkaTopic, got, k.want.Rows, err)
		}
		if err := fs.Err0(); err != nil {
			return got, measurement{}, fmt.Errorf("reading %s: %w", kafkaTopic, err)
		}
		got += int64(fs.NumRecords())
	}
	return got, measurement{seconds: time.Since(start).Seconds()}, nil
}

// kafkaToPG: bench_kafka into an empty, freshly migrated schema, against
// the plain consumer reading the same topic.
func (b *bench) kafkaToPG() benchCase {
	k := b.kafka
	var read int64
	return benchCase{
		name:      kafkaToPG,
		loaderCmd: "loader run bench_kafka (Kafka topic → queue_events, empty table)",
		reference: "a franz-go consumer reading the topic end to end, decoding nothing (the cluster's own rate)",
		target:    0.04,
		want:      &k.want,
		loader: side{
			prepare: b.freshPG,
			timed: func(ctx context.Context) (measurement, error) {
				return b.runPipeline(ctx, b.pg.loaderURL, "bench_kafka", "")
			},
			digest: b.pg.queueDigest,
		},
		ref: side{
			prepare: func(context.Context) error { read = 0; return nil },
			timed: func(ctx context.Context) (m measurement, err error) {
				read, m, err = k.consumeAll(ctx)
				return m, err
			},
			digest: func(context.Context) (digest, error) { return digest{Rows: read, Sum: k.want.Sum}, nil },
		},
	}
}

func (p *postgres) queueDigest(ctx context.Context) (digest, error) {
	return p.queryDigest(ctx, pgQueueDigestSQL, "queue_events")
}

// openKafka starts the cluster when kafka_to_pg runs, else sets the
// placeholder address.
func (b *bench) openKafka(ctx context.Context) error {
	if !slices.Contains(b.cfg.cases, kafkaToPG) {
		return placeholderAddr(kafkaAddrEnv)
	}
	start := time.Now()
	var err error
	if b.kafka, err = startKafka(ctx, b.cfg.kafkaN); err == nil {
		fmt.Fprintf(b.log, "produced %d messages to %s in %.1f s\n", b.cfg.kafkaN, kafkaTopic, time.Since(start).Seconds())
	}
	return err
}
