package kafkasource

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
	msgbody "github.com/warehouse-loader/loader/etl/source/message"
)

// Open connects, lists the partitions' offsets and assigns the partitions
// at the offsets the checkpoint holds (partitions it never saw at Start;
// an offset retention deleted at the partition's first, with a warning
// saying how many were lost). A bounded run reads up to the end offsets
// listed now. Without Columns the body's columns are the keys of the first
// message; when there is none to read, the columns the cursor keeps.
// Opened again, a source drops what it fetched and starts over at from.
func (s *Source) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	_ = s.Close()
	s.buf, s.msg, s.skip, s.derived = nil, nil, skip{}, false
	stored, err := parseCursor(from.Cursor)
	if err != nil {
		return etl.Columns{}, fmt.Errorf("kafka source %s: the checkpoint's cursor %q is not a kafka position: %w (reset the pipeline to read the topic again)", s.identity, from.Cursor, etl.ErrSourceChanged)
	}
	s.n, s.cpointed = from.Records, from.Records
	if stored.Skip != nil {
		s.skip = *stored.Skip
	}
	if s.cl, err = kgo.NewClient(s.clientOpts()...); err != nil {
		return etl.Columns{}, s.failed("client", err)
	}
	if err := s.assign(ctx, stored.offsets()); err != nil {
		_ = s.Close()
		return etl.Columns{}, err
	}
	cols, err := s.columns(ctx, stored.Columns)
	if err != nil {
		_ = s.Close()
		return etl.Columns{}, err
	}
	return cols, nil
}

// assign chooses every partition's first offset and starts fetching.
func (s *Source) assign(ctx context.Context, stored map[int32]int64) error {
	w, err := s.listOffsets(ctx)
	if err != nil {
		return err
	}
	parts := s.cfg.Partitions
	if len(parts) == 0 {
		parts = slices.Sorted(maps.Keys(w.end))
	}
	s.next, s.end, s.fetched = map[int32]int64{}, map[int32]int64{}, map[int32]int64{}
	fetch := map[int32]kgo.Offset{}
	for _, p := range parts {
		end, ok := w.end[p]
		if !ok {
			return fmt.Errorf("kafka source %s: partitions: topic %s has no partition %d (it has %d); fix the partitions: list", s.identity, s.cfg.Topic, p, len(w.end))
		}
		off, err := s.firstOffset(p, stored, w.start[p], end)
		if err != nil {
			return err
		}
		s.next[p], s.end[p], s.fetched[p] = off, end, off
		if s.cfg.Follow || off < end {
			fetch[p] = kgo.NewOffset().At(off)
		}
	}
	if len(fetch) > 0 {
		s.cl.AddConsumePartitions(map[string]map[int32]kgo.Offset{s.cfg.Topic: fetch})
	}
	return nil
}

// firstOffset returns the offset partition p is read from.
func (s *Source) firstOffset(p int32, stored map[int32]int64, start, end int64) (int64, error) {
	off, seen := stored[p]
	switch {
	case !seen && s.cfg.Start == StartLatest:
		return end, nil
	case !seen:
		return start, nil
	case off < start:
		s.log.Warn("kafka: retention deleted messages the pipeline had not read; reading on at the partition's first offset",
			"topic", s.cfg.Topic, "partition", p, "checkpoint_offset", off, "first_offset", start, "lost", start-off)
		if s.skip.Partition == p {
			s.skip = skip{}
		}
		return start, nil
	case off > end:
		return 0, fmt.Errorf("kafka source %s: partition %d: the checkpoint is at offset %d, past the partition's end %d: the topic was recreated or is another one: %w (reset the pipeline to read it from the start)",
			s.identity, p, off, end, etl.ErrSourceChanged)
	}
	return off, nil
}

// columns returns the body's columns, then the metadata columns.
func (s *Source) columns(ctx context.Context, kept []string) (etl.Columns, error) {
	body := s.cfg.Columns
	if len(body) == 0 && s.cfg.Format != msgbody.FormatCSV {
		var err error
		if body, err = s.firstKeys(ctx); err != nil {
			return etl.Columns{}, err
		}
		if body == nil {
			body = kept // nothing to read: the columns of the last run
		}
		s.derived = true
	}
	cols, err := etl.NewColumns(append(slices.Clone(body), metaColumns...)...)
	if err != nil {
		return etl.Columns{}, fmt.Errorf("kafka source %s: columns: %w", s.identity, err)
	}
	s.cols, s.width = cols, len(body)
	s.obj = jsonsource.NewObjects(body)
	s.obj.IgnoreUnknown = !s.derived
	return cols, nil
}

// maxPeek bounds the messages fetched while looking for the first
// object's keys.
const maxPeek = 1000

// firstKeys returns the keys of the first message's (first) object,
// fetching until one comes (bounded: none when nothing is left to read).
// The messages fetched stay buffered for Next, which rejects those that
// are not objects.
func (s *Source) firstKeys(ctx context.Context) ([]string, error) {
	seen := 0
	for {
		for ; seen < len(s.buf); seen++ {
			if keys, ok := msgbody.FirstKeys(s.cfg.Format, s.buf[seen].Value); ok {
				return keys, nil
			}
		}
		if seen >= maxPeek || (!s.cfg.Follow && s.reached()) {
			return nil, nil
		}
		quiet, err := s.poll(ctx)
		if err != nil {
			return nil, err
		}
		if quiet && !s.cfg.Follow {
			return nil, nil
		}
	}
}
