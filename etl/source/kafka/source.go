package kafkasource

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
)

// Source reads the messages of one topic's partitions. It implements
// etl.Source; its methods must not be called concurrently.
type Source struct {
	cfg      Config
	identity string
	log      *slog.Logger

	cl   *kgo.Client
	next map[int32]int64 // per partition: the offset after the last message wholly read
	end  map[int32]int64 // bounded: per partition, the end offset at Open
	// fetched is per partition the offset after the last message buffered.
	fetched map[int32]int64
	skip    skip          // records of a resumed message already committed
	buf     []*kgo.Record // fetched, not yet read
	msg     *message      // the message being read, nil between messages

	cols     etl.Columns
	width    int // the body's columns
	obj      *jsonsource.Objects
	derived  bool  // the body's columns are the first message's keys
	n        int64 // records returned, across runs
	cpointed int64 // n when Checkpoint was last called
}

// New returns a source reading the topic cfg names. It checks cfg (errors
// name the setting at fault); nothing is connected before Open. log (nil:
// discarded) hears of offsets lost to retention.
func New(cfg Config, log *slog.Logger) (*Source, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg.Brokers = slices.Clone(cfg.Brokers)
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("kafka source: %s", cfg.redact(err.Error()))
	}
	sorted := slices.Clone(cfg.Brokers)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	return &Source{cfg: cfg, log: log, identity: "kafka:" + strings.Join(sorted, ",") + "/" + cfg.Topic}, nil
}

// Identity is "kafka:<brokers, sorted, comma-separated>/<topic>": no
// credentials, so a changed password keeps the pipeline's checkpoint.
func (s *Source) Identity() string { return s.identity }

// Follows reports whether the source reads until its run is cancelled
// (Config.Follow), for a runner asked to follow.
func (s *Source) Follows() bool { return s.cfg.Follow }

// Checkpoint counts the records returned; the cursor holds the next
// offset of every partition read (and the records of a message read in
// part, and the body's columns when they are the first message's keys).
func (s *Source) Checkpoint() etl.Checkpoint {
	s.cpointed = s.n
	c := cursor{Offsets: make(map[string]int64, len(s.next))}
	for p, off := range s.next {
		c.Offsets[partitionKey(p)] = off
	}
	if m := s.msg; m != nil {
		c.Offsets[partitionKey(m.r.Partition)] = m.r.Offset
		c.Skip = &skip{Partition: m.r.Partition, Offset: m.r.Offset, Records: m.I}
	}
	if s.derived {
		c.Columns = s.cols.Names()[:s.width]
	}
	return etl.Checkpoint{Records: s.n, Cursor: c.text()}
}

// Close closes the connections. Nothing is committed to the broker: the
// warehouse's checkpoint is the position.
func (s *Source) Close() error {
	if s.cl != nil {
		s.cl.Close()
		s.cl = nil
	}
	return nil
}

// failed wraps the error of a call to the brokers, masking the secrets
// (nil: nil).
func (s *Source) failed(what string, err error) error {
	if err == nil {
		return nil
	}
	text := s.cfg.redact(err.Error())
	h := s.hint(err)
	if text != err.Error() {
		err = errors.New(text)
	}
	return fmt.Errorf("kafka source %s: %s: %w%s", s.identity, what, err, h)
}
