package kafkasource

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/warehouse-loader/loader/etl"
	msgbody "github.com/warehouse-loader/loader/etl/source/message"
)

// maxPoll is how many messages one poll takes from the client's buffer.
const maxPoll = 1000

// Next fills rec with the next record: the next object or line of the
// message being read, or the first of the next message. It returns io.EOF
// when a bounded run has read every partition up to its end offset at
// Open, etl.ErrFlush after FlushInterval without a message and with
// records read since the last checkpoint, and a *etl.RejectError for a
// body that cannot be decoded (rec.Raw holds its text).
func (s *Source) Next(ctx context.Context, rec *etl.Record) error {
	for s.msg == nil {
		r, err := s.nextMessage(ctx)
		if err != nil {
			return err
		}
		s.msg = &message{r: r, Body: msgbody.Split(s.cfg.Format, s.width, r.Value)}
		if s.skip.Records > 0 && s.skip.Partition == r.Partition && s.skip.Offset == r.Offset {
			s.msg.I = s.skip.Records
		}
		if s.skip.Partition == r.Partition {
			s.skip = skip{}
		}
		if s.msg.Done() { // a resumed message whose records all were committed
			s.finish()
		}
	}
	s.n++
	rec.N, rec.Line, rec.Key = s.n, 0, ""
	m := s.msg
	err := m.Fill(rec, s.obj, m.name(), rejectKey{m.r.Partition, m.r.Offset})
	if err == nil {
		rec.Raw = appendMeta(rec.Raw, m.r)
	}
	if m.Done() {
		s.finish()
	}
	return err
}

// finish notes that every record of the message being read was returned.
func (s *Source) finish() {
	s.next[s.msg.r.Partition] = s.msg.r.Offset + 1
	s.msg = nil
}

// nextMessage returns the next message fetched.
func (s *Source) nextMessage(ctx context.Context) (*kgo.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for len(s.buf) == 0 {
		if !s.cfg.Follow && s.reached() {
			return nil, io.EOF
		}
		quiet, err := s.poll(ctx)
		switch {
		case err != nil:
			return nil, err
		case !quiet:
		case s.n > s.cpointed:
			return nil, etl.ErrFlush
		case !s.cfg.Follow:
			s.log.Warn("kafka: no message within the timeout below the end offsets listed at the start (compacted or transactional topic?); the run ends, the next one reads on from here",
				"topic", s.cfg.Topic, "behind", s.behind())
			return nil, io.EOF
		}
	}
	r := s.buf[0]
	s.buf[0] = nil
	s.buf = s.buf[1:]
	return r, nil
}

// reached reports whether a bounded run fetched every partition up to
// its end offset.
func (s *Source) reached() bool {
	for p, end := range s.end {
		if s.fetched[p] < end {
			return false
		}
	}
	return true
}

// behind lists the partitions a bounded run has not fetched to the end.
func (s *Source) behind() []string {
	var out []string
	for p, end := range s.end {
		if s.fetched[p] < end {
			out = append(out, fmt.Sprintf("%d: %d of %d", p, s.fetched[p], end))
		}
	}
	slices.Sort(out)
	return out
}

// poll fetches messages into the buffer, waiting up to FlushInterval
// (following) or Timeout (bounded); quiet says none came. Messages past
// a bounded run's end offsets, or before the offsets already read, are
// dropped.
func (s *Source) poll(ctx context.Context) (quiet bool, err error) {
	wait := s.cfg.Timeout
	if s.cfg.Follow {
		wait = s.cfg.FlushInterval
	}
	pctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	fetches := s.cl.PollRecords(pctx, maxPoll)
	if err := s.fetchErr(ctx, fetches); err != nil {
		return false, err
	}
	n := len(s.buf)
	fetches.EachRecord(func(r *kgo.Record) {
		p := r.Partition
		if r.Offset < s.fetched[p] || (!s.cfg.Follow && r.Offset >= s.end[p]) {
			return
		}
		s.fetched[p] = r.Offset + 1
		s.buf = append(s.buf, r)
	})
	return len(s.buf) == n, nil
}

// fetchErr returns the error a poll ended with: ctx's, or the brokers'
// (nil when it only waited its time, or reported data loss, logged).
func (s *Source) fetchErr(ctx context.Context, fetches kgo.Fetches) error {
	for _, fe := range fetches.Errors() {
		var lost *kgo.ErrDataLoss
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(fe.Err, context.DeadlineExceeded):
		case errors.As(fe.Err, &lost):
			s.log.Warn("kafka: the broker reset a partition's offset while reading (retention or an unclean leader election)",
				"topic", fe.Topic, "partition", fe.Partition, "error", s.cfg.redact(fe.Err.Error()))
		default:
			return s.failed(fmt.Sprintf("fetching topic %s partition %d", s.cfg.Topic, fe.Partition), fe.Err)
		}
	}
	return nil
}
