package rabbitmqsource_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warehouse-loader/loader/etl"
	rabbitmqsource "github.com/warehouse-loader/loader/etl/source/rabbitmq"
	"github.com/warehouse-loader/loader/internal/amqptest"
)

// A stream queue is read from the offset the checkpoint holds: a run that
// stops inside an NDJSON message resumes at that message and skips the
// records of it already committed; nothing is read twice or lost, and a
// run at the end reads nothing.
func TestStreamResumesAtTheCheckpointOffset(t *testing.T) {
	b := amqptest.Connect(t)
	q := b.Queue(amqp.Table{"x-queue-type": "stream"})
	var bodies []string
	for m := range 4 {
		bodies = append(bodies, fmt.Sprintf("{\"id\": %d}\n{\"id\": %d}\n{\"id\": %d}", 3*m+1, 3*m+2, 3*m+3))
	}
	b.JSON(q, []string{"a", "b", "c", "d"}, bodies)
	cfg := rabbitmqsource.Config{URL: b.URL, Queue: q, Stream: true, Format: rabbitmqsource.FormatNDJSON, Idle: 300 * time.Millisecond}
	var got []any
	cp := etl.Checkpoint{}
	for _, limit := range []int{5, 4, 0, 0} { // 5: inside message b
		src, err := rabbitmqsource.New(cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cols, err := src.Open(ctx, cp)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		r := drain(t, src, cols, 100, limit)
		cp = src.Checkpoint()
		if err := src.Close(); err != nil {
			t.Fatal(err)
		}
		for i := range r.rows {
			got = append(got, r.value(t, i, "id"))
		}
		t.Logf("read %d, checkpoint %+v", len(r.rows), cp)
	}
	if fmt.Sprint(got) != "[1 2 3 4 5 6 7 8 9 10 11 12]" || cp.Records != 12 {
		t.Fatalf("read %v over the runs, checkpoint %+v; want 1…12 once each", got, cp)
	}
}
