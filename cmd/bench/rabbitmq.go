package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// The rabbitmq_to_pg case: -rabbit-n JSON events in a durable classic queue
// of the broker, declared by the bench under a unique name and deleted at
// the end, read by bench_rabbitmq (the rabbitmq source) into queue_events.
const (
	rabbitToPG = "rabbitmq_to_pg"
	// defaultAMQP is used when neither -amqp nor LOADER_TEST_AMQP_URL is
	// set: the test broker of internal/amqptest.
	defaultAMQP = "amqp://guest:guest@127.0.0.1:5672/" //nolint:gosec // G101: RabbitMQ's built-in guest user, which connects only from localhost

	// rabbitURLEnv and rabbitQueueEnv are how bench/pipelines.yaml learns
	// the broker and the queue (${LOADER_BENCH_RABBITMQ_URL},
	// ${LOADER_BENCH_RABBITMQ_QUEUE}); like apiAddrEnv they are set for
	// every case, as the file must parse in all of them.
	rabbitURLEnv   = "LOADER_BENCH_RABBITMQ_URL"
	rabbitQueueEnv = "LOADER_BENCH_RABBITMQ_QUEUE"
	// rabbitPrefetch is bench_rabbitmq's prefetch (two of its batches),
	// which the reference consumer uses too.
	rabbitPrefetch = 20000
	// rabbitAckEvery is bench_rabbitmq's batch_size: the reference
	// acknowledges that many messages at a time, as the loader's commits do.
	rabbitAckEvery = 10000
	// rabbitConfirmWindow is how many published messages wait for their
	// confirms at most.
	rabbitConfirmWindow = 10000
	// rabbitTimeout bounds each call to the broker, and the wait for the
	// next message while draining.
	rabbitTimeout = 10 * time.Second
)

// rabbitKinds are the events' kinds, in turn.
var rabbitKinds = []string{"sale", "refund", "adjustment"}

// rabbitEvent is the i-th event (from 0): its message id and the fields of
// its body, as queue_events holds them in text (amount with 2 places,
// occurred_at RFC 3339 UTC).
func rabbitEvent(i int) (id, kind, amount, occurredAt string) {
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	return fmt.Sprintf("m%07d", i+1), rabbitKinds[i%len(rabbitKinds)],
		fmt.Sprintf("%d.%02d", i%100000, i*7%100),
		base.Add(time.Duration(i) * time.Second).Format(time.RFC3339)
}

// rabbitBody is the JSON body of an event.
func rabbitBody(kind, amount, occurredAt string) string {
	return fmt.Sprintf(`{"kind": %q, "amount": %q, "occurred_at": %q}`, kind, amount, occurredAt)
}

// rabbit is the case's broker connection and queue, and what the queue's
// messages must give.
type rabbit struct {
	url, queue string
	n          int
	conn       *amqp.Connection
	ch         *amqp.Channel // in confirm mode
	want       digest        // of queue_events after a full read
	sent       digest        // of the published message ids and bodies
	got        digest        // of those the last drain received
	// publishSeconds are the times of the fills, every one published with
	// confirms.
	publishSeconds []float64
}

// openRabbit connects to the broker, declares the case's queue and sets
// rabbitURLEnv and rabbitQueueEnv.
func openRabbit(ctx context.Context, rawURL string, n int) (*rabbit, error) {
	r := &rabbit{url: rawURL, n: n}
	var want, sent summer
	for i := range n {
		id, kind, amount, at := rabbitEvent(i)
		want.add(id, kind, amount, at)
		sent.add(id, rabbitBody(kind, amount, at))
	}
	r.want, r.sent = want.digest(), sent.digest()
	conn, ch, err := r.dial(ctx)
	if err != nil {
		return nil, err
	}
	r.conn, r.ch = conn, ch
	buf := make([]byte, 6)
	_, _ = rand.Read(buf)
	r.queue = "loader-bench-" + hex.EncodeToString(buf)
	err = r.call(ctx, "declaring queue "+r.queue, func() error {
		if err := ch.Confirm(false); err != nil {
			return err
		}
		_, err := ch.QueueDeclare(r.queue, true, false, false, false, amqp.Table{"x-queue-type": "classic"})
		return err
	})
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	if err := os.Setenv(rabbitURLEnv, rawURL); err != nil {
		r.close()
		return nil, err
	}
	return r, os.Setenv(rabbitQueueEnv, r.queue)
}

// dial opens a connection and a channel on it.
func (r *rabbit) dial(ctx context.Context) (*amqp.Connection, *amqp.Channel, error) {
	dctx, cancel := context.WithTimeout(ctx, rabbitTimeout)
	defer cancel()
	type opened struct {
		conn *amqp.Connection
		err  error
	}
	done := make(chan opened, 1)
	go func() {
		c, err := amqp.DialConfig(r.url, amqp.Config{Dial: amqp.DefaultDial(rabbitTimeout)})
		done <- opened{c, err}
	}()
	var o opened
	select {
	case o = <-done:
	case <-dctx.Done():
		return nil, nil, fmt.Errorf("RabbitMQ at %s: %w (start it: rabbitmq-server -detached, or set -amqp)", dburl.Redact(r.url), dctx.Err())
	}
	if o.err != nil {
		return nil, nil, fmt.Errorf("RabbitMQ at %s unreachable: %w (start it: rabbitmq-server -detached, or set -amqp)", dburl.Redact(r.url), o.err)
	}
	ch, err := o.conn.Channel()
	if err != nil {
		_ = o.conn.Close()
		return nil, nil, fmt.Errorf("RabbitMQ at %s: opening a channel: %w", dburl.Redact(r.url), err)
	}
	return o.conn, ch, nil
}

// call runs a broker call, which the client cannot cancel, for at most
// rabbitTimeout and until ctx ends; on either the connection is closed,
// which makes the call return.
func (r *rabbit) call(ctx context.Context, what string, f func() error) error {
	ctx, cancel := context.WithTimeout(ctx, rabbitTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("RabbitMQ: %s: %w", what, err)
		}
		return nil
	case <-ctx.Done():
		_ = r.conn.Close()
		return fmt.Errorf("RabbitMQ: %s: %w", what, ctx.Err())
	}
}

// close deletes the queue and closes the connection.
func (r *rabbit) close() {
	_ = r.call(context.Background(), "deleting queue "+r.queue, func() error {
		_, err := r.ch.QueueDelete(r.queue, false, false, false)
		return err
	})
	_ = r.conn.Close()
}

// ready returns how many messages the queue holds (with those delivered
// and not acknowledged, once their consumer has gone).
func (r *rabbit) ready(ctx context.Context) (int, error) {
	var n int
	err := r.call(ctx, "counting queue "+r.queue, func() error {
		q, err := r.ch.QueueDeclarePassive(r.queue, true, false, false, false, nil)
		n = q.Messages
		return err
	})
	return n, err
}

// fill is the untimed preparation of both sides: it empties the queue and
// publishes the n events, persistent, through the default exchange, and
// waits for the broker to confirm each (at most rabbitConfirmWindow
// waiting at once). Its time is noted: the broker's own publish rate.
func (r *rabbit) fill(ctx context.Context) error {
	if err := r.call(ctx, "purging queue "+r.queue, func() error {
		_, err := r.ch.QueuePurge(r.queue, false)
		return err
	}); err != nil {
		return err
	}
	start := time.Now()
	pending := make([]*amqp.DeferredConfirmation, 0, rabbitConfirmWindow)
	for i := range r.n {
		id, kind, amount, at := rabbitEvent(i)
		msg := amqp.Publishing{
			ContentType: "application/json", DeliveryMode: amqp.Persistent,
			MessageId: id, Body: []byte(rabbitBody(kind, amount, at)),
		}
		pctx, cancel := context.WithTimeout(ctx, rabbitTimeout)
		c, err := r.ch.PublishWithDeferredConfirmWithContext(pctx, "", r.queue, true, false, msg)
		cancel()
		if err != nil {
			return fmt.Errorf("RabbitMQ: publishing message %d to %s: %w", i+1, r.queue, err)
		}
		if pending = append(pending, c); len(pending) == cap(pending) || i == r.n-1 {
			if err := confirmed(ctx, pending); err != nil {
				return err
			}
			pending = pending[:0]
		}
	}
	r.publishSeconds = append(r.publishSeconds, time.Since(start).Seconds())
	return nil
}

// confirmed waits for the broker's confirms of the published messages.
func confirmed(ctx context.Context, pending []*amqp.DeferredConfirmation) error {
	ctx, cancel := context.WithTimeout(ctx, rabbitTimeout)
	defer cancel()
	for _, c := range pending {
		ok, err := c.WaitContext(ctx)
		if err != nil {
			return fmt.Errorf("RabbitMQ: waiting for publisher confirms: %w", err)
		}
		if !ok {
			return errors.New("RabbitMQ: the broker refused a published message (nack)")
		}
	}
	return nil
}

// drain is the reference: a plain Go consumer on a connection of its own,
// with bench_rabbitmq's prefetch, receiving the n messages and
// acknowledging them rabbitAckEvery at a time with one multiple ack, and
// decoding nothing: the broker's own rate of delivering the queue. It sums
// each message's id and body, to be checked against those published.
func (r *rabbit) drain(ctx context.Context) (measurement, error) {
	start := time.Now()
	conn, ch, err := r.dial(ctx)
	if err != nil {
		return measurement{}, err
	}
	defer func() { _ = conn.Close() }()
	if err := ch.Qos(rabbitPrefetch, 0, false); err != nil {
		return measurement{}, fmt.Errorf("RabbitMQ: setting the prefetch: %w", err)
	}
	deliveries, err := ch.ConsumeWithContext(ctx, r.queue, "", false, false, false, false, nil)
	if err != nil {
		return measurement{}, fmt.Errorf("RabbitMQ: consuming %s: %w", r.queue, err)
	}
	var got summer
	timer := time.NewTimer(rabbitTimeout)
	defer timer.Stop()
	for int(got.rows) < r.n {
		timer.Reset(rabbitTimeout)
		select {
		case d, ok := <-deliveries:
			if !ok {
				return measurement{}, fmt.Errorf("RabbitMQ: the broker closed the channel after %d messages", got.rows)
			}
			got.add(d.MessageId, string(d.Body))
			if got.rows%rabbitAckEvery == 0 || int(got.rows) == r.n {
				if err := d.Ack(true); err != nil {
					return measurement{}, fmt.Errorf("RabbitMQ: acknowledging: %w", err)
				}
			}
		case <-timer.C:
			return measurement{}, fmt.Errorf("RabbitMQ: no message from %s for %v after %d of %d", r.queue, rabbitTimeout, got.rows, r.n)
		case <-ctx.Done():
			return measurement{}, ctx.Err()
		}
	}
	// Closing the channel waits for the broker to have taken the acks.
	if err := ch.Close(); err != nil {
		return measurement{}, fmt.Errorf("RabbitMQ: closing the channel: %w", err)
	}
	r.got = got.digest()
	return measurement{seconds: time.Since(start).Seconds()}, nil
}

// drained is the reference's check: the queue is empty, and the ids and
// bodies the drain received sum as those published; then the reference
// holds the events want counts.
func (r *rabbit) drained(ctx context.Context) (digest, error) {
	if err := r.emptied(ctx); err != nil {
		return digest{}, err
	}
	if r.got != r.sent {
		return r.got, nil // fails the check against want, with these figures
	}
	return r.want, nil
}

// emptied fails when the queue still holds messages after a run.
func (r *rabbit) emptied(ctx context.Context) error {
	left, err := r.ready(ctx)
	if err == nil && left > 0 {
		err = fmt.Errorf("queue %s still holds %d messages after the run (want none)", r.queue, left)
	}
	return err
}

// pgQueueDigestSQL is the digest of loader_bench.queue_events: the sum of
// the first 64 bits of md5(message_id|kind|amount|occurred_at), the time as
// YYYY-MM-DDTHH:MM:SSZ (what rabbit.want and kafkaCluster.want hold).
const pgQueueDigestSQL = `SELECT count(*), coalesce(sum(('x' || substr(md5(
	message_id || '|' || kind || '|' || amount::text || '|' ||
	to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')), 1, 16))::bit(64)::bigint), 0)::text
FROM ` + schema + `.queue_events`

// loaded is the loader side's check: the queue is empty, and the digest of
// queue_events.
func (r *rabbit) loaded(ctx context.Context, p *postgres) (digest, error) {
	if err := r.emptied(ctx); err != nil {
		return digest{}, err
	}
	return p.queryDigest(ctx, pgQueueDigestSQL, "queue_events")
}

// rabbitToPG: bench_rabbitmq from a freshly filled queue into an empty,
// freshly migrated schema, against a plain consumer draining the same
// messages.
func (b *bench) rabbitToPG() benchCase {
	r := b.rabbit
	return benchCase{
		name:      rabbitToPG,
		loaderCmd: "loader run bench_rabbitmq (RabbitMQ queue → queue_events, upsert on message_id)",
		reference: fmt.Sprintf("a Go consumer draining the queue (prefetch %d, a multiple ack every %d), decoding nothing", rabbitPrefetch, rabbitAckEvery),
		target:    0.5,
		want:      &r.want,
		loader: side{
			prepare: func(ctx context.Context) error {
				if err := b.freshPG(ctx); err != nil {
					return err
				}
				return r.fill(ctx)
			},
			timed: func(ctx context.Context) (measurement, error) {
				return b.runPipeline(ctx, b.pg.loaderURL, "bench_rabbitmq", "")
			},
			digest: func(ctx context.Context) (digest, error) { return r.loaded(ctx, b.pg) },
		},
		ref: side{
			prepare: r.fill,
			timed:   r.drain,
			digest:  r.drained,
		},
		publish: func() []float64 { return r.publishSeconds },
	}
}

// placeholderRabbit lets bench/pipelines.yaml parse when rabbitmq_to_pg
// does not run.
func placeholderRabbit() error {
	for name, v := range map[string]string{rabbitURLEnv: "amqp://127.0.0.1:9/", rabbitQueueEnv: "unused"} {
		if os.Getenv(name) == "" {
			if err := os.Setenv(name, v); err != nil {
				return err
			}
		}
	}
	return nil
}
