package rabbitmqsource

import (
	"context"
	"fmt"
	"sync"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warehouse-loader/loader/etl"
)

// acks are the messages read and not yet acknowledged: for each, the
// record count after its last record and its delivery tag, in delivery
// order. The broker sends at most Prefetch unacknowledged messages, so
// they are at most that many.
type acks struct {
	mu    sync.Mutex
	ch    *amqp.Channel
	marks []mark
}

type mark struct {
	records int64
	tag     uint64
}

// add notes that the message of tag ends at record count records.
func (a *acks) add(records int64, tag uint64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.marks = append(a.marks, mark{records, tag})
}

// pending returns how many messages are read and not acknowledged.
func (a *acks) pending() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.marks)
}

// stop forgets the channel: nothing is acknowledged after Close.
func (a *acks) stop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ch, a.marks = nil, nil
}

// upTo removes the messages whose records all are within the first
// records and returns the last one's tag (false: none).
func (a *acks) upTo(records int64) (*amqp.Channel, uint64, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	i := 0
	for i < len(a.marks) && a.marks[i].records <= records {
		i++
	}
	if i == 0 || a.ch == nil {
		return nil, 0, false
	}
	tag := a.marks[i-1].tag
	a.marks = a.marks[:copy(a.marks, a.marks[i:])]
	return a.ch, tag, true
}

// Committed acknowledges, with one multiple ack, every message whose
// records cp counts. A message whose records a batch boundary split stays
// unacknowledged until the batch holding its last record commits.
func (s *Source) Committed(_ context.Context, cp etl.Checkpoint) error {
	ch, tag, ok := s.acks.upTo(cp.Records)
	if !ok {
		return nil
	}
	if err := ch.Ack(tag, true); err != nil {
		return fmt.Errorf("rabbitmq source %s: acknowledging up to record %d: %w", s.shown, cp.Records, s.scrub(err))
	}
	return nil
}
