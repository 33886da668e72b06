package kafkasource_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/warehouse-loader/loader/etl"
	kafkasource "github.com/warehouse-loader/loader/etl/source/kafka"
	msgbody "github.com/warehouse-loader/loader/etl/source/message"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
	"github.com/warehouse-loader/loader/internal/kafkatest"
)

// TestKit runs the source kit: a content is a topic of one partition
// holding a message per line (NDJSON messages where a line holds "|",
// split there).
func TestKit(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	sourcetest.Run(t, sourcetest.Kind{
		Input: func(t *testing.T, content string) sourcetest.New {
			topic := k.Topic(1)
			var msgs []*kgo.Record
			for line := range strings.Lines(content) {
				msgs = append(msgs, &kgo.Record{Value: []byte(strings.ReplaceAll(strings.TrimSuffix(line, "\n"), "|", "\n"))})
			}
			if len(msgs) > 0 {
				k.Produce(topic, msgs...)
			}
			cfg := kafkasource.Config{Brokers: k.Addrs, Topic: topic, Format: msgbody.FormatNDJSON, Columns: []string{"id", "v"}}
			return func() (etl.Source, error) { return kafkasource.New(cfg, nil) }
		},
		Records: func(n int) string {
			var b strings.Builder
			for i := range n {
				fmt.Fprintf(&b, "{\"id\":%d,\"v\":\"r%d\"}\n", i+1, i+1)
			}
			return b.String()
		},
		Edit: func(content string) string { return strings.Replace(content, `{"id":1,`, `{"id":9,`, 1) },
		Resumable: []string{
			"{\"id\":1}|{\"id\":2}|{\"id\":3}\nnot json\n{\"id\":4,\"v\":[1, 2]}|\n\n{\"id\":5}\n",
			"{\"id\":1}\n{\"id\":2}|{\"id\":3}|{\"id\":4}|{\"id\":5}\n",
		},
		Bad: []string{"not json\n", "[1, 2]\n", "{\"id\": \n", "\n"},
	})
}
