package rabbitmqsource_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/gorm"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warehouse-loader/loader/etl"
	rabbitmqsource "github.com/warehouse-loader/loader/etl/source/rabbitmq"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/amqptest"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// lostAck is the source of a loader that dies between a commit and its
// acknowledgement: from the commit numbered at on, the acknowledgement
// never reaches the broker, and the run ends.
type lostAck struct {
	*rabbitmqsource.Source
	at, calls int
}

func (l *lostAck) Committed(ctx context.Context, cp etl.Checkpoint) error {
	if l.calls++; l.calls >= l.at {
		return errors.New("the loader died before acknowledging")
	}
	return l.Source.Committed(ctx, cp)
}

// A run that commits a batch and dies before acknowledging it: the
// broker delivers those messages again, the next run upserts them on the
// message id, and every message is in the table once.
func TestCommitWithoutAcknowledgementIsUpsertedOnce(t *testing.T) {
	b := amqptest.Connect(t)
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		q := b.Queue(nil)
		yaml := amqptest.EventsPipeline(fmt.Sprintf(`url: %q, queue: %s, prefetch: 20`, b.URL, q), 10)
		lostAckThenRerun(t, b, q, url, yaml, 25, false)
	})
}

// The same with a stream queue, appending: the checkpoint holds the
// offset, so the rerun resumes after the committed messages whether
// their acknowledgement arrived or not; no id is needed.
func TestStreamCommitWithoutAcknowledgementIsWrittenOnce(t *testing.T) {
	b := amqptest.Connect(t)
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		q := b.Queue(amqp.Table{"x-queue-type": "stream"})
		yaml := amqptest.EventsPipeline(fmt.Sprintf(`url: %q, queue: %s, prefetch: 20, stream: true, idle: 300ms`, b.URL, q), 10)
		yaml = strings.Replace(yaml, "mode: upsert\n    keys: [message_id]", "mode: append", 1)
		lostAckThenRerun(t, b, q, url, yaml, 15, true)
	})
}

// lostAckThenRerun publishes 35 events to q, runs the pipeline file yaml
// (batches of 10) with the acknowledgement of its second commit lost,
// then runs it again, which must read reread messages and leave the 35
// in queue_events once each, and (unless q is a stream, which keeps its
// messages, and whose message count the broker updates only now and
// then) the queue empty.
func lostAckThenRerun(t *testing.T, b *amqptest.Broker, q, url, yaml string, reread int64, stream bool) {
	t.Helper()
	ids, bodies := amqptest.Events(35)
	b.JSON(q, ids, bodies)
	store, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	path := filepath.Join(t.TempDir(), "pipelines.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(wrap func(*rabbitmqsource.Source) etl.Source) (etl.Result, error) {
		f, err := spec.Load(path, os.Getenv)
		if err != nil {
			t.Fatal(err)
		}
		p, closeFn, err := f.Build(context.Background(), "queue_events", spec.Options{Targets: repository.NewTargets(store, models.All()...)})
		if err != nil {
			t.Fatal(err)
		}
		defer closeFn()
		p.Source = wrap(p.Source.(*rabbitmqsource.Source))
		return (&etl.Runner{Warehouse: repository.NewWarehouse(store)}).Run(context.Background(), p)
	}
	_, err = run(func(s *rabbitmqsource.Source) etl.Source { return &lostAck{Source: s, at: 2} })
	if err == nil || !strings.Contains(err.Error(), "died before acknowledging") {
		t.Fatalf("run 1: %v", err)
	}
	if n, d := eventCounts(t, store); n != 20 || d != 20 {
		t.Fatalf("after run 1: %d rows (%d ids), want the 2 committed batches", n, d)
	}
	res, err := run(func(s *rabbitmqsource.Source) etl.Source { return s })
	if err != nil || res.Read != reread || res.Rejected != 0 {
		t.Fatalf("run 2: %+v, %v; want %d read, none rejected", res, err, reread)
	}
	if n, d := eventCounts(t, store); n != 35 || d != 35 {
		t.Fatalf("after run 2: %d rows (%d ids), want 35 once each", n, d)
	}
	if n := b.Ready(q); n != 0 && !stream {
		t.Fatalf("%d messages left in the queue", n)
	}
}

// eventCounts returns the rows of queue_events and their distinct ids.
func eventCounts(t *testing.T, s *repository.Store) (rows, ids int64) {
	t.Helper()
	err := s.Query(context.Background(), func(db *gorm.DB) error {
		return db.Raw("SELECT COUNT(*), COUNT(DISTINCT message_id) FROM queue_events").Row().Scan(&rows, &ids)
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows, ids
}
