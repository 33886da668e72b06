package rabbitmqsource

import (
	amqp "github.com/rabbitmq/amqp091-go"
)

// offsets is where a stream queue is read: the broker keeps no position
// for a stream consumer, so the checkpoint does, in the same transaction
// as the rows. A run resumes at the offset of the first message not
// wholly committed, skipping the records of it that were.
type offsets struct {
	next   int64 // the offset after the last message wholly read; -1: none yet
	resume int64 // the offset the run started at; -1: the stream's first
	skip   int   // records of the message at resume already committed
}

// newOffsets returns the position a stored cursor names.
func newOffsets(c cursor) offsets {
	o := offsets{next: -1, resume: -1}
	if c.NextOffset != nil {
		o.next, o.resume, o.skip = *c.NextOffset, *c.NextOffset, c.Skip
	}
	return o
}

// consumeArgs are the consumer arguments of a stream queue: where to
// start.
func (o *offsets) consumeArgs() amqp.Table {
	if o.resume < 0 {
		return amqp.Table{"x-stream-offset": "first"}
	}
	return amqp.Table{"x-stream-offset": o.resume}
}

// offsetOf returns a stream message's offset (-1 when it has none).
func offsetOf(d *amqp.Delivery) int64 {
	switch v := d.Headers["x-stream-offset"].(type) {
	case int64:
		return v
	case int32:
		return int64(v)
	}
	return -1
}

// before reports whether a stream delivers d only because it starts at
// the chunk holding the resume offset: it was committed by an earlier run.
func (o *offsets) before(d *amqp.Delivery) bool {
	off := offsetOf(d)
	return o.resume >= 0 && off >= 0 && off < o.resume
}

// mark sets c's stream position: the message being read, and how many of
// its records were returned, or the offset after the last message read.
func (o *offsets) mark(c *cursor, m *message) {
	switch {
	case m != nil:
		off := offsetOf(m.d)
		c.NextOffset, c.Skip = &off, m.I
	case o.next >= 0:
		next := o.next
		c.NextOffset = &next
	}
}

// started applies the skip to the first message of a resumed run.
func (o *offsets) started(m *message) {
	if o.skip > 0 && offsetOf(m.d) == o.resume {
		m.I = o.skip
	}
	o.skip = 0
}
