package kafkasource

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// clientOpts are the options of the source's client: the brokers, the
// deadlines, the fetch sizes that bound memory, SASL and TLS. Partitions
// are assigned later (AddConsumePartitions): no consumer group, no offset
// committed to the broker.
func (s *Source) clientOpts() []kgo.Opt {
	cfg := s.cfg
	opts := []kgo.Opt{
		kgo.SeedBrokers(cfg.Brokers...),
		kgo.ClientID("warehouse-loader"),
		kgo.DialTimeout(cfg.Timeout),
		kgo.RequestTimeoutOverhead(cfg.Timeout),
		kgo.RetryTimeout(cfg.Timeout),
		kgo.FetchMaxBytes(cfg.FetchMaxBytes),
		kgo.FetchMaxPartitionBytes(min(cfg.FetchMaxBytes, 1<<20)),
		kgo.MaxConcurrentFetches(maxConcurrentFetches),
		kgo.FetchMaxWait(min(cfg.FlushInterval, cfg.Timeout/2)),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
	}
	if cfg.TLS != nil {
		opts = append(opts, kgo.DialTLSConfig(cfg.TLS))
	}
	if m := cfg.SASL.mechanism(); m != nil {
		opts = append(opts, kgo.SASL(m))
	}
	return opts
}

// mechanism returns the SASL mechanism (nil: none).
func (s *SASL) mechanism() sasl.Mechanism {
	if s == nil {
		return nil
	}
	switch s.Mechanism {
	case "PLAIN":
		return plain.Auth{User: s.User, Pass: s.Password}.AsMechanism()
	case "SCRAM-SHA-512":
		return scram.Auth{User: s.User, Pass: s.Password}.AsSha512Mechanism()
	}
	return scram.Auth{User: s.User, Pass: s.Password}.AsSha256Mechanism()
}

// watermarks are a topic's partitions with their first and end offsets.
type watermarks struct {
	start, end map[int32]int64
}

// listOffsets lists the log start and end offsets of the topic's
// partitions, each request within Timeout.
func (s *Source) listOffsets(ctx context.Context) (watermarks, error) {
	adm := kadm.NewClient(s.cl)
	w := watermarks{start: map[int32]int64{}, end: map[int32]int64{}}
	for _, l := range []struct {
		into map[int32]int64
		list func(context.Context, ...string) (kadm.ListedOffsets, error)
	}{{w.start, adm.ListStartOffsets}, {w.end, adm.ListEndOffsets}} {
		lctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
		listed, err := l.list(lctx, s.cfg.Topic)
		cancel()
		if err == nil {
			err = listed.Error()
		}
		if err != nil {
			return w, s.failed("listing the offsets of topic "+s.cfg.Topic, err)
		}
		listed.Each(func(o kadm.ListedOffset) { l.into[o.Partition] = o.Offset })
	}
	if len(w.end) == 0 {
		return w, s.failed("topic "+s.cfg.Topic, kerr.UnknownTopicOrPartition)
	}
	return w, nil
}

// hint says what to do about a broker error ("" when nothing useful). A
// broker may close the connection on a failed authentication instead of
// answering it: with SASL set, a connection closed says so too.
func (s *Source) hint(err error) string {
	var ne net.Error
	switch {
	case s.cfg.SASL != nil && errors.Is(err, io.EOF):
		return " (the broker closed the connection); check sasl: (mechanism, user and password, and the ${VAR} they come from)"
	case errors.Is(err, kerr.SaslAuthenticationFailed), errors.Is(err, kerr.IllegalSaslState),
		errors.Is(err, kerr.UnsupportedSaslMechanism), strings.Contains(err.Error(), "SASL"):
		return "; check sasl: (mechanism, user and password, and the ${VAR} they come from)"
	case errors.Is(err, kerr.UnknownTopicOrPartition):
		return "; check topic: (the source never creates one) and partitions:"
	case errors.Is(err, kerr.TopicAuthorizationFailed), errors.Is(err, kerr.ClusterAuthorizationFailed):
		return "; the user may not read the topic: check its ACLs"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne):
		return "; are the brokers up, and are brokers: right? (raise timeout: if they are slow to answer)"
	}
	return ""
}
