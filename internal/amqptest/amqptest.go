// Package amqptest gives tests a real RabbitMQ: the broker named by
// LOADER_TEST_AMQP_URL (default amqp://guest:guest@127.0.0.1:5672/),
// queues of unique names deleted when the test ends, and publishing with
// publisher confirms. An unreachable broker skips the test, unless CI is
// set: then it fails. Only tests import it.
package amqptest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// DefaultURL is used when LOADER_TEST_AMQP_URL is unset.
const DefaultURL = "amqp://guest:guest@127.0.0.1:5672/"

// timeout bounds every call to the broker.
const timeout = 10 * time.Second

// URL returns the test broker's URL, skipping the test (failing it under
// CI) when the broker does not answer.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("LOADER_TEST_AMQP_URL")
	if u == "" {
		u = DefaultURL
	}
	uri, err := amqp.ParseURI(u)
	if err != nil {
		t.Fatalf("LOADER_TEST_AMQP_URL: %v", err)
	}
	c, err := net.DialTimeout("tcp", net.JoinHostPort(uri.Host, strconv.Itoa(uri.Port)), 2*time.Second)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("RabbitMQ is not reachable at %s:%d (start it: rabbitmq-server -detached): %v", uri.Host, uri.Port, err)
		}
		t.Skipf("RabbitMQ is not reachable at %s:%d (start it with rabbitmq-server -detached; under CI this fails): %v", uri.Host, uri.Port, err)
	}
	_ = c.Close()
	return u
}

// Broker is a connection to the test broker.
type Broker struct {
	t    testing.TB
	URL  string
	conn *amqp.Connection
	ch   *amqp.Channel
}

// Connect connects to the test broker; the connection closes when the
// test ends.
func Connect(t testing.TB) *Broker {
	t.Helper()
	u := URL(t)
	conn, err := amqp.DialConfig(u, amqp.Config{Dial: amqp.DefaultDial(timeout)})
	if err != nil {
		t.Fatalf("connecting to %s: %v", u, err)
	}
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Confirm(false); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return &Broker{t: t, URL: u, conn: conn, ch: ch}
}

// Queue declares a durable queue of a unique name (with args, e.g.
// x-queue-type) and deletes it when the test ends.
func (b *Broker) Queue(args amqp.Table) string {
	b.t.Helper()
	buf := make([]byte, 6)
	_, _ = rand.Read(buf)
	name := "loader-test-" + hex.EncodeToString(buf)
	if _, err := b.ch.QueueDeclare(name, true, false, false, false, args); err != nil {
		b.t.Fatalf("declaring queue %s: %v", name, err)
	}
	b.t.Cleanup(func() {
		if _, err := b.ch.QueueDelete(name, false, false, false); err != nil {
			b.t.Logf("deleting queue %s: %v", name, err)
		}
	})
	return name
}

// Publish sends the messages to the queue through the default exchange
// and waits for the broker to confirm each.
func (b *Broker) Publish(queue string, msgs ...amqp.Publishing) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	confirms := make([]*amqp.DeferredConfirmation, 0, len(msgs))
	for i := range msgs {
		if msgs[i].DeliveryMode == 0 {
			msgs[i].DeliveryMode = amqp.Persistent
		}
		c, err := b.ch.PublishWithDeferredConfirmWithContext(ctx, "", queue, true, false, msgs[i])
		if err != nil {
			b.t.Fatalf("publishing message %d: %v", i+1, err)
		}
		confirms = append(confirms, c)
	}
	for i, c := range confirms {
		if ok, err := c.WaitContext(ctx); err != nil || !ok {
			b.t.Fatalf("message %d not confirmed: %v", i+1, err)
		}
	}
}

// JSON publishes one message per body, each with its message id.
func (b *Broker) JSON(queue string, ids, bodies []string) {
	b.t.Helper()
	msgs := make([]amqp.Publishing, len(bodies))
	for i, body := range bodies {
		msgs[i] = amqp.Publishing{ContentType: "application/json", MessageId: ids[i], Body: []byte(body)}
	}
	b.Publish(queue, msgs...)
}

// Ready returns how many messages of the queue wait for a consumer (not
// those delivered and unacknowledged).
func (b *Broker) Ready(queue string) int {
	b.t.Helper()
	q, err := b.ch.QueueDeclarePassive(queue, true, false, false, false, nil)
	if err != nil {
		b.t.Fatalf("queue %s: %v", queue, err)
	}
	return q.Messages
}

// Events returns n message ids (e00001, …) and JSON bodies of rows of
// the queue_events table: kind, amount (a decimal text) and occurred_at.
func Events(n int) (ids, bodies []string) {
	for i := 1; i <= n; i++ {
		ids = append(ids, fmt.Sprintf("e%05d", i))
		bodies = append(bodies, fmt.Sprintf(`{"kind": "sale", "amount": "%d.25", "occurred_at": "2026-03-01T10:%02d:%02dZ"}`, i, i/60%60, i%60))
	}
	return ids, bodies
}

// EventsPipeline returns a pipeline file holding one pipeline, queue_events:
// the rabbitmq source with these settings (a YAML flow mapping's inside)
// upserting Events' messages into queue_events on the message id.
func EventsPipeline(settings string, batch int) string {
	return fmt.Sprintf(`pipelines:
  queue_events:
    source:
      rabbitmq: {%s}
    target: queue_events
    mode: upsert
    keys: [message_id]
    columns: {message_id: _message_id, kind: kind, amount: amount, occurred_at: occurred_at}
    steps:
      - cast: {column: amount, to: decimal, scale: 2}
      - cast: {column: occurred_at, to: timestamp}
    batch_size: %d
`, settings, batch)
}

// Get takes the next message of the queue, acknowledging it; ok is false
// when the queue is empty.
func (b *Broker) Get(queue string) (msg amqp.Delivery, ok bool) {
	b.t.Helper()
	msg, ok, err := b.ch.Get(queue, true)
	if err != nil {
		b.t.Fatalf("getting from %s: %v", queue, err)
	}
	return msg, ok
}
