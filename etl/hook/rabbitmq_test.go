package hook_test

import (
	"context"
	"encoding/json"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/hook"
	"github.com/warehouse-loader/loader/internal/amqptest"
)

// The rabbitmq hook publishes the run's event through the default
// exchange to a queue named by its routing key template, persistent, with
// the run's message id, once the broker has confirmed it.
func TestRabbitMQHookPublishesTheEvent(t *testing.T) {
	b := amqptest.Connect(t)
	q := b.Queue(nil)
	h, err := hook.NewRabbitMQ(hook.RabbitMQSettings{URL: b.URL, RoutingKey: q + "{{if ne .Status \"succeeded\"}}.x{{end}}"}, hook.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := etl.RunEvent{RunID: 7, Pipeline: "orders", Status: etl.RunSucceeded, Read: 10, Loaded: 9, Rejected: 1,
		StartedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), FinishedAt: time.Date(2026, 3, 1, 10, 0, 5, 0, time.UTC)}
	if err := h.Fire(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	msg, ok := b.Get(q)
	if !ok {
		t.Fatal("nothing published to the queue")
	}
	var got etl.RunEvent
	if err := json.Unmarshal(msg.Body, &got); err != nil {
		t.Fatal(err)
	}
	if got != e || msg.MessageId != "loader__orders__run_7" || msg.ContentType != "application/json" || msg.DeliveryMode != 2 {
		t.Fatalf("published %+v (id %q, type %q, mode %d), want %+v", got, msg.MessageId, msg.ContentType, msg.DeliveryMode, e)
	}
	if !strings.Contains(h.Name(), "rabbitmq exchange (default) at amqp://guest:xxxxx@") {
		t.Errorf("name %q", h.Name())
	}
}

// A wrong password and a silent broker fail in one line, within the
// hook's timeout, the password nowhere.
func TestRabbitMQHookFailures(t *testing.T) {
	b := amqptest.Connect(t)
	u, err := url.Parse(b.URL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "s3cret-wrong-pass")
	l, err := net.Listen("tcp", "127.0.0.1:0") // accepts, never answers
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	for _, tt := range []struct {
		name, url, want string
		timeout         time.Duration
	}{
		{"wrong password", u.String(), "connecting: ", 5 * time.Second},
		{"silent broker", "amqp://guest:s3cret-wrong-pass@" + l.Addr().String() + "/", "no answer within 1s", time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, err := hook.NewRabbitMQ(hook.RabbitMQSettings{URL: tt.url, Timeout: tt.timeout}, hook.Options{Secrets: []string{"s3cret-wrong-pass"}})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			defer func() { t.Log(err) }()
			err = h.Fire(context.Background(), etl.RunEvent{RunID: 1, Pipeline: "p", Status: etl.RunFailed})
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v", err)
			}
			if d := time.Since(start); d > tt.timeout+3*time.Second {
				t.Fatalf("took %v with a %v timeout", d, tt.timeout)
			}
		})
	}
	if _, err := hook.NewRabbitMQ(hook.RabbitMQSettings{URL: "http://x"}, hook.Options{}); err == nil || !strings.Contains(err.Error(), "amqp://") {
		t.Errorf("an http URL: %v", err)
	}
}
