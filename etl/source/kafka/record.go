package kafkasource

import (
	"encoding/json"
	"fmt"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/warehouse-loader/loader/etl"
	msgbody "github.com/warehouse-loader/loader/etl/source/message"
)

// message is a Kafka message being read: its body's records.
type message struct {
	r *kgo.Record
	*msgbody.Body
}

// name names the message in a reject's reason.
func (m *message) name() string {
	return fmt.Sprintf("partition %d offset %d", m.r.Partition, m.r.Offset)
}

// rejectKey names a message in the record of its reject.
type rejectKey struct {
	Partition int32 `json:"_partition"`
	Offset    int64 `json:"_offset"`
}

// appendMeta appends the message's metadata, in metaColumns' order: the
// key (NULL when absent), partition, offset, timestamp (UTC), headers (a
// JSON object of text values; NULL when none) and topic.
func appendMeta(row etl.Row, r *kgo.Record) etl.Row {
	var key, headers any
	if r.Key != nil {
		key = string(r.Key)
	}
	if len(r.Headers) > 0 {
		h := make(map[string]string, len(r.Headers))
		for _, kv := range r.Headers {
			h[kv.Key] = string(kv.Value)
		}
		if b, err := json.Marshal(h); err == nil {
			headers = string(b)
		}
	}
	return append(row, key, int64(r.Partition), r.Offset, r.Timestamp.UTC(), headers, r.Topic)
}
