package rabbitmqsource

import (
	"context"
	"errors"
	"fmt"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
	msgbody "github.com/warehouse-loader/loader/etl/source/message"
)

// Open connects, reads how many messages the queue holds (a bounded run
// reads that many at most), starts consuming with the prefetch and
// returns the columns: the body's, then the message properties. Without
// Columns the body's columns are the keys of the first message, waited
// for up to Idle (bounded) or until one comes (follow); when none comes,
// the columns the checkpoint's cursor keeps. The broker holds the queue's
// position: the checkpoint does not move it.
func (s *Source) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	if s.conn != nil {
		return etl.Columns{}, errors.New("rabbitmq source: Open called twice")
	}
	stored := parseCursor(from.Cursor)
	s.n, s.cpointed, s.lastID = from.Records, from.Records, stored.LastID
	s.offsets = newOffsets(stored)
	if err := s.dial(ctx); err != nil {
		return etl.Columns{}, err
	}
	if err := s.consume(ctx); err != nil {
		_ = s.Close()
		return etl.Columns{}, err
	}
	body := s.cfg.Columns
	if len(body) == 0 && s.cfg.Format != FormatCSV {
		var err error
		if body, err = s.firstKeys(ctx); err != nil {
			_ = s.Close()
			return etl.Columns{}, err
		}
		if body == nil {
			body = stored.Columns // an empty queue: the columns of the last run
		}
		s.derived = true
	}
	cols, err := etl.NewColumns(append(append([]string(nil), body...), metaColumns...)...)
	if err != nil {
		_ = s.Close()
		return etl.Columns{}, fmt.Errorf("rabbitmq source %s: columns: %w", s.shown, err)
	}
	s.cols, s.width = cols, len(body)
	s.obj = jsonsource.NewObjects(body)
	s.obj.IgnoreUnknown = !s.derived
	return cols, nil
}

// consume checks the queue, sets the prefetch and starts the consumer.
func (s *Source) consume(ctx context.Context) error {
	var q amqp.Queue
	err := s.within(ctx, "queue "+s.cfg.Queue, func() (err error) {
		q, err = s.ch.QueueDeclarePassive(s.cfg.Queue, false, false, false, false, nil)
		return err
	})
	if err != nil {
		return err
	}
	s.left = int64(q.Messages)
	var args amqp.Table
	if s.cfg.Follow || s.cfg.Stream {
		s.left = -1 // a stream's count is not its messages: a bounded run ends when it is idle
	}
	if s.cfg.Stream {
		args = s.offsets.consumeArgs()
	}
	s.acks.ch = s.ch
	s.closed = s.ch.NotifyClose(make(chan *amqp.Error, 1))
	return s.within(ctx, "consuming "+s.cfg.Queue, func() error {
		if err := s.ch.Qos(s.cfg.Prefetch, 0, false); err != nil {
			return err
		}
		d, err := s.ch.Consume(s.cfg.Queue, "", false, false, false, false, args)
		s.deliveries = d
		return err
	})
}

// firstKeys returns the keys of the first message's (first) object,
// waiting for it up to Idle (bounded: none when the queue stays empty) or
// until one comes (follow). Messages that are not objects before it are
// kept for Next, which rejects them; so is the message itself.
func (s *Source) firstKeys(ctx context.Context) ([]string, error) {
	for len(s.peeked) < s.cfg.Prefetch && s.left != 0 {
		d, err := s.receive(ctx, s.wait())
		if err != nil {
			return nil, err
		}
		if d == nil && s.cfg.Follow && len(s.peeked) == 0 {
			continue // a followed queue: the columns wait for its first message
		}
		if d == nil {
			return nil, nil
		}
		s.peeked = append(s.peeked, d)
		if keys, ok := msgbody.FirstKeys(s.cfg.Format, d.Body); ok {
			return keys, nil
		}
	}
	return nil, nil
}
