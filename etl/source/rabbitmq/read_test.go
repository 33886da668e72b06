package rabbitmqsource_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	rabbitmqsource "github.com/warehouse-loader/loader/etl/source/rabbitmq"
	"github.com/warehouse-loader/loader/internal/amqptest"
)

// A bounded run reads the messages the queue holds, in batches smaller
// than the prefetch and a prefetch smaller than the queue: every message
// once, the columns are the first body's keys and then the properties,
// each batch's commit acknowledges it, and the queue is empty after.
// Classic and quorum queues read alike.
func TestBoundedReadsEveryMessageThenEnds(t *testing.T) {
	b := amqptest.Connect(t)
	for _, kind := range []string{"classic", "quorum"} {
		t.Run(kind, func(t *testing.T) { boundedRead(t, b, b.Queue(amqp.Table{"x-queue-type": kind})) })
	}
}

func boundedRead(t *testing.T, b *amqptest.Broker, q string) {
	at := time.Date(2026, 3, 1, 12, 30, 0, 0, time.FixedZone("CET", 3600))
	msgs := make([]amqp.Publishing, 25)
	for i := range msgs {
		msgs[i] = amqp.Publishing{MessageId: fmt.Sprintf("m%02d", i+1), Timestamp: at,
			Headers: amqp.Table{"source": "shop"}, Body: fmt.Appendf(nil, `{"id": %d, "amount": "%d.50", "tags": ["a", "b"]}`, i+1, i)}
	}
	b.Publish(q, msgs...)
	src, cols := open(t, rabbitmqsource.Config{URL: b.URL, Queue: q, Prefetch: 10})
	r := drain(t, src, cols, 4, 0)
	want := []string{"id", "amount", "tags", "_message_id", "_routing_key", "_exchange", "_timestamp", "_redelivered", "_headers"}
	if !slices.Equal(r.cols, want) {
		t.Fatalf("columns %v, want %v", r.cols, want)
	}
	if len(r.rows) != 25 || len(r.rejects) != 0 {
		t.Fatalf("%d records and rejects %v, want 25 records", len(r.rows), r.rejects)
	}
	for i := range r.rows {
		if got := r.value(t, i, "_message_id"); got != fmt.Sprintf("m%02d", i+1) {
			t.Fatalf("record %d: _message_id %v", i+1, got)
		}
	}
	row := fmt.Sprint(r.rows[24])
	wantRow := fmt.Sprintf("[25 24.50 [\"a\",\"b\"] m25 %s  2026-03-01 11:30:00 +0000 UTC false {\"source\":\"shop\"}]", q)
	if row != wantRow {
		t.Fatalf("last record %s, want %s", row, wantRow)
	}
	if cp := src.Checkpoint(); cp.Records != 25 || cp.Cursor != `{"last_id":"m25","columns":["id","amount","tags"]}` {
		t.Fatalf("checkpoint %+v, want 25 records, the last id and the columns", cp)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if n := b.Ready(q); n != 0 {
		t.Fatalf("%d messages back in the queue after every batch was committed", n)
	}
}

// An empty queue: the run ends at once with the properties as columns.
func TestBoundedEmptyQueueEnds(t *testing.T) {
	b := amqptest.Connect(t)
	q := b.Queue(nil)
	src, cols := open(t, rabbitmqsource.Config{URL: b.URL, Queue: q, Idle: 100 * time.Millisecond})
	r := drain(t, src, cols, 10, 0)
	if len(r.rows) != 0 || cols.Len() != 6 {
		t.Fatalf("%d records, columns %v", len(r.rows), cols.Names())
	}
}

// Bodies that cannot be decoded are rejects with the reason and the body's
// text, acknowledged like the other messages (never redelivered).
func TestBadBodiesAreRejectsAndAcknowledged(t *testing.T) {
	b := amqptest.Connect(t)
	q := b.Queue(nil)
	b.JSON(q, []string{"ok1", "text", "array", "extra", "empty", "cut", "ok2"},
		[]string{`{"id": 1}`, `not json at all`, `[1, 2]`, `{"id": 3, "colour": "red"}`, ``, `{"id": 4, "x": `, `{"id": 2}`})
	src, cols := open(t, rabbitmqsource.Config{URL: b.URL, Queue: q})
	r := drain(t, src, cols, 100, 0)
	if len(r.rows) != 2 {
		t.Fatalf("%d records, want 2 (rejects %v)", len(r.rows), r.rejects)
	}
	want := []string{
		`record 2: not valid JSON (message "text") | not json at all`,
		`record 3: not a JSON object (message "array") | [1, 2]`,
		`record 4: unexpected field "colour" (message "extra") | {"id": 3, "colour": "red"}`,
		`record 5: message "empty": empty message body | `,
		`record 6: not valid JSON (message "cut") | {"id": 4, "x": `,
	}
	if !slices.Equal(r.rejects, want) {
		t.Fatalf("rejects\n%s\nwant\n%s", strings.Join(r.rejects, "\n"), strings.Join(want, "\n"))
	}
	_ = src.Close()
	if n := b.Ready(q); n != 0 {
		t.Fatalf("%d messages back in the queue: rejects must be acknowledged", n)
	}
}

// NDJSON bodies give a record per non-blank line; a batch that ends
// inside a message does not acknowledge it: closed then, it goes back to
// the queue whole.
func TestNDJSONLinesAndASplitMessage(t *testing.T) {
	b := amqptest.Connect(t)
	q := b.Queue(nil)
	b.JSON(q, []string{"a", "b"}, []string{"{\"id\": 1}\n{\"id\": 2}\n\n{\"id\": 3}\n", "{\"id\": 4}\r\n{\"id\": 5}\r\n{\"id\": 6}"})
	src, cols := open(t, rabbitmqsource.Config{URL: b.URL, Queue: q, Format: rabbitmqsource.FormatNDJSON})
	r := drain(t, src, cols, 4, 4)
	if len(r.rows) != 4 || r.value(t, 3, "id") != "4" || r.value(t, 3, "_message_id") != "b" {
		t.Fatalf("records %v", r.rows)
	}
	_ = src.Close()
	if n := b.Ready(q); n != 1 {
		t.Fatalf("%d messages in the queue, want 1: the message split by the batch", n)
	}
	src, cols = open(t, rabbitmqsource.Config{URL: b.URL, Queue: q, Format: rabbitmqsource.FormatNDJSON})
	r = drain(t, src, cols, 10, 0)
	if len(r.rows) != 3 || r.value(t, 0, "_redelivered") != true {
		t.Fatalf("after the requeue: %v, want ids 4-6 redelivered", r.rows)
	}
}

// CSV bodies: lines of the given columns; a line of another width is a
// reject of its message.
func TestCSVLines(t *testing.T) {
	b := amqptest.Connect(t)
	q := b.Queue(nil)
	b.JSON(q, []string{"a", "b"}, []string{"1,red\n2,\"blue, dark\"\n", "3,green,extra\n"})
	src, cols := open(t, rabbitmqsource.Config{URL: b.URL, Queue: q, Format: rabbitmqsource.FormatCSV, Columns: []string{"id", "colour"}})
	r := drain(t, src, cols, 10, 0)
	if len(r.rows) != 2 || r.value(t, 1, "colour") != "blue, dark" || len(r.rejects) != 1 ||
		!strings.Contains(r.rejects[0], "wrong number of fields") {
		t.Fatalf("records %v, rejects %v", r.rows, r.rejects)
	}
}

// Explicit columns: other keys are ignored, missing ones are NULL.
func TestColumnsPickKeys(t *testing.T) {
	b := amqptest.Connect(t)
	q := b.Queue(nil)
	b.JSON(q, []string{"a", "b"}, []string{`{"id": 1, "x": 2}`, `{"y": 3}`})
	src, cols := open(t, rabbitmqsource.Config{URL: b.URL, Queue: q, Columns: []string{"id"}})
	r := drain(t, src, cols, 10, 0)
	if len(r.rows) != 2 || r.value(t, 0, "id") != "1" || r.value(t, 1, "id") != nil {
		t.Fatalf("records %v, rejects %v", r.rows, r.rejects)
	}
}

// A prefetch below the batch: when the broker has sent all it may before
// an acknowledgement, Next flushes at once, so the batch commits, the
// acknowledgement comes and reading goes on.
func TestPrefetchBelowTheBatchFlushes(t *testing.T) {
	b := amqptest.Connect(t)
	q := b.Queue(nil)
	ids, bodies := amqptest.Events(12)
	b.JSON(q, ids, bodies)
	src, cols := open(t, rabbitmqsource.Config{URL: b.URL, Queue: q, Prefetch: 5})
	r := drain(t, src, cols, 100, 0)
	if len(r.rows) != 12 || r.flushes < 2 || !slices.Equal(r.commits, []int64{5, 10, 12}) {
		t.Fatalf("%d records, %d flushes, commits %v; want 12 records committed at 5, 10, 12", len(r.rows), r.flushes, r.commits)
	}
	_ = src.Close()
	if n := b.Ready(q); n != 0 {
		t.Fatalf("%d messages left", n)
	}
}
