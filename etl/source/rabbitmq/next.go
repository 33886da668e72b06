package rabbitmqsource

import (
	"context"
	"fmt"
	"io"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warehouse-loader/loader/etl"
)

// Next fills rec with the next record: the next object or line of the
// message being read, or the first of the next message. It returns io.EOF
// when a bounded run has read the messages the queue held at Open (or
// the queue stayed empty for Idle), etl.ErrFlush after a lull with
// records read since the last checkpoint, and a *etl.RejectError for a
// body that cannot be decoded (rec.Raw holds its text).
func (s *Source) Next(ctx context.Context, rec *etl.Record) error {
	for s.msg == nil {
		d, err := s.nextDelivery(ctx)
		if err != nil {
			return err
		}
		s.msg = s.read(d)
		if s.cfg.Stream {
			s.offsets.started(s.msg)
		}
		if s.msg.done() { // a resumed stream message whose records all were committed
			s.finish()
		}
	}
	s.n++
	rec.N, rec.Line, rec.Key = s.n, 0, ""
	err := s.fill(rec, s.msg)
	if s.msg.done() {
		s.finish()
	}
	return err
}

// finish notes that every record of the message being read was returned:
// the commit that counts the last one acknowledges it.
func (s *Source) finish() {
	s.acks.add(s.n, s.msg.d.DeliveryTag)
	if off := offsetOf(s.msg.d); s.cfg.Stream && off >= 0 {
		s.offsets.next = off + 1
	}
	s.msg = nil
}

// nextDelivery returns the next message: one Open received, or one from
// the broker.
func (s *Source) nextDelivery(ctx context.Context) (*amqp.Delivery, error) {
	if len(s.peeked) > 0 {
		d := s.peeked[0]
		s.peeked = s.peeked[1:]
		return d, nil
	}
	for {
		if s.left == 0 {
			return nil, io.EOF
		}
		if s.acks.pending() >= s.cfg.Prefetch && s.n > s.cpointed {
			return nil, etl.ErrFlush // the broker sends nothing more before an acknowledgement
		}
		d, err := s.receive(ctx, s.wait())
		if err != nil || d != nil {
			return d, err
		}
		if s.n > s.cpointed {
			return nil, etl.ErrFlush
		}
		if !s.cfg.Follow && s.acks.pending() == 0 {
			return nil, io.EOF // the queue stayed empty
		}
		// Waiting for the commit of the batch before, whose acknowledgement
		// lets the broker send more.
	}
}

// wait is how long receive waits: the flush interval when following, the
// idle window when bounded.
func (s *Source) wait() time.Duration {
	if s.cfg.Follow {
		return s.cfg.FlushInterval
	}
	return s.cfg.Idle
}

// receive returns the next delivery, or nil when none came within wait.
// It fails when ctx ends or the broker closed the channel.
func (s *Source) receive(ctx context.Context, wait time.Duration) (*amqp.Delivery, error) {
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case d, ok := <-s.deliveries:
			if !ok {
				return nil, s.lost()
			}
			if s.cfg.Stream && s.offsets.before(&d) {
				if err := d.Ack(false); err != nil { // credit for the next ones
					return nil, s.failed("acknowledging", err)
				}
				continue
			}
			if s.left > 0 {
				s.left--
			}
			return &d, nil
		case <-t.C:
			return nil, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// lost is the error of a consumer whose channel the broker closed.
func (s *Source) lost() error {
	select {
	case e, ok := <-s.closed:
		if ok && e != nil {
			return fmt.Errorf("rabbitmq source %s: queue %s: the broker closed the channel: %w (the messages not committed are delivered again)", s.shown, s.cfg.Queue, s.explain(e))
		}
	default:
	}
	return fmt.Errorf("rabbitmq source %s: queue %s: the consumer was cancelled (queue deleted, or the connection lost); the messages not committed are delivered again", s.shown, s.cfg.Queue)
}
