package rabbitmqsource_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	rabbitmqsource "github.com/warehouse-loader/loader/etl/source/rabbitmq"
	"github.com/warehouse-loader/loader/internal/amqptest"
)

// Following: records come as they are published, a lull after some gives
// etl.ErrFlush (once: a lull with nothing read gives nothing), and reading
// goes on after it; cancelling the context ends Next with its error.
func TestFollowFlushesAfterALullAndEndsOnCancel(t *testing.T) {
	b := amqptest.Connect(t)
	q := b.Queue(nil)
	b.JSON(q, []string{"a", "b", "c"}, []string{`{"id": 1}`, `{"id": 2}`, `{"id": 3}`})
	src, _ := open(t, rabbitmqsource.Config{URL: b.URL, Queue: q, Follow: true, FlushInterval: 50 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var rec etl.Record
	for i := range 3 {
		if err := src.Next(ctx, &rec); err != nil {
			t.Fatalf("record %d: %v", i+1, err)
		}
	}
	if err := src.Next(ctx, &rec); !errors.Is(err, etl.ErrFlush) {
		t.Fatalf("after a lull: %v, want etl.ErrFlush", err)
	}
	if err := src.Committed(ctx, src.Checkpoint()); err != nil {
		t.Fatal(err)
	}
	go b.JSON(q, []string{"d"}, []string{`{"id": 4}`})
	if err := src.Next(ctx, &rec); err != nil || rec.Raw[0] != "4" || rec.N != 4 {
		t.Fatalf("after the lull: %v, record %d %v", err, rec.N, rec.Raw)
	}
	quick, stop := context.WithCancel(ctx)
	time.AfterFunc(100*time.Millisecond, stop)
	for {
		err := src.Next(quick, &rec)
		if errors.Is(err, etl.ErrFlush) {
			continue // the record before
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("after cancel: %v, want context.Canceled", err)
		}
		break
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if n := b.Ready(q); n != 1 {
		t.Fatalf("%d messages in the queue, want 1: the one read and not committed", n)
	}
}

// A wrong password fails Open with one line that names the URL without
// the password and says what to check.
func TestWrongPasswordIsOneLineWithoutIt(t *testing.T) {
	b := amqptest.Connect(t)
	q := b.Queue(nil)
	url := strings.Replace(b.URL, "guest:guest@", "guest:Sesame-0pen-4242@", 1)
	src, err := rabbitmqsource.New(rabbitmqsource.Config{URL: url, Queue: q, Timeout: 5 * time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Open(context.Background(), etl.Checkpoint{})
	if err == nil {
		t.Fatal("Open with a wrong password succeeded")
	}
	msg := err.Error()
	for _, want := range []string{"amqp://guest@127.0.0.1:5672/", "connecting", "password"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "Sesame") || strings.Contains(msg, "\n") {
		t.Fatalf("%q shows the password or spans lines", msg)
	}
	t.Log(msg)
}

// A broker that accepts the connection and never answers: Open fails
// after the timeout with an error wrapping context.DeadlineExceeded.
func TestSilentBrokerFailsAtTheDeadline(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = c.Close() })
		}
	}()
	src, err := rabbitmqsource.New(rabbitmqsource.Config{URL: "amqp://u:Pw-1234567@" + l.Addr().String() + "/", Queue: "q", Timeout: 200 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Open(context.Background(), etl.Checkpoint{})
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, rabbitmqsource.ErrTimeout) ||
		!strings.Contains(err.Error(), "raise timeout:") || strings.Contains(err.Error(), "Pw-1234567") {
		t.Fatalf("Open: %v; want a deadline error naming timeout:", err)
	}
	t.Log(err)
}

// A queue that does not exist: one line naming it and what to check.
func TestMissingQueue(t *testing.T) {
	src, err := rabbitmqsource.New(rabbitmqsource.Config{URL: amqptest.URL(t), Queue: "loader-test-no-such-queue"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Open(context.Background(), etl.Checkpoint{})
	if err == nil || !strings.Contains(err.Error(), "NOT_FOUND") || !strings.Contains(err.Error(), "check queue:") {
		t.Fatalf("Open: %v", err)
	}
}

// Settings that cannot work are refused by New, naming the setting.
func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		cfg  rabbitmqsource.Config
		want string
	}{
		{rabbitmqsource.Config{Queue: "q"}, "url: is required"},
		{rabbitmqsource.Config{URL: "http://x/", Queue: "q"}, "url:"},
		{rabbitmqsource.Config{URL: "amqp://h/"}, "queue: is required"},
		{rabbitmqsource.Config{URL: "amqp://h/", Queue: "q", Format: "xml"}, `format: unknown format "xml"`},
		{rabbitmqsource.Config{URL: "amqp://h/", Queue: "q", Format: "csv"}, "columns: is required with format: csv"},
		{rabbitmqsource.Config{URL: "amqp://h/", Queue: "q", Columns: []string{"_message_id"}}, "_message_id is a message property"},
		{rabbitmqsource.Config{URL: "amqp://h/", Queue: "q", Prefetch: 70000}, "prefetch: 70000 is out of range"},
	} {
		_, err := rabbitmqsource.New(tc.cfg, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v): %v, want %q", tc.cfg, err, tc.want)
		}
	}
}

// The identity names host, port, vhost and queue, never the credentials.
func TestIdentity(t *testing.T) {
	src, err := rabbitmqsource.New(rabbitmqsource.Config{URL: "amqp://u:secret@broker:5673/prod", Queue: "orders"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := src.Identity(); got != "rabbitmq:broker:5673/prod/orders" {
		t.Fatalf("identity %q", got)
	}
}
