package kafkasource_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/warehouse-loader/loader/etl"
	kafkasource "github.com/warehouse-loader/loader/etl/source/kafka"
	msgbody "github.com/warehouse-loader/loader/etl/source/message"
	"github.com/warehouse-loader/loader/internal/kafkatest"
)

// A bounded run over three partitions reads every message once, in
// batches, with the body's keys then the metadata as columns, and its
// checkpoint holds every partition's next offset; a run resumed there
// has nothing to read.
func TestBoundedReadsEveryPartitionThenEnds(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	topic := k.Topic(3)
	msgs := kafkatest.Events(30, 3)
	at := time.Date(2026, 3, 1, 12, 30, 0, 0, time.FixedZone("CET", 3600))
	msgs[29].Timestamp, msgs[29].Headers = at, []kgo.RecordHeader{{Key: "source", Value: []byte("shop")}}
	k.Produce(topic, msgs...)
	cfg := kafkasource.Config{Brokers: k.Addrs, Topic: topic}
	src, cols := open(t, cfg, etl.Checkpoint{}, nil)
	r := drain(t, src, cols, 4, 0)
	want := []string{"id", "kind", "amount", "occurred_at", "_key", "_partition", "_offset", "_timestamp", "_headers", "_topic"}
	if !slices.Equal(r.Cols, want) {
		t.Fatalf("columns %v, want %v", r.Cols, want)
	}
	ids := r.ids(t)
	slices.Sort(ids)
	if len(ids) != 30 || len(slices.Compact(ids)) != 30 || len(r.Rejects) != 0 {
		t.Fatalf("%d records (%d ids), rejects %v; want 30 once each", len(r.Rows), len(slices.Compact(ids)), r.Rejects)
	}
	for i := range r.Rows {
		if r.value(t, i, "id") == "e00030" {
			got := fmt.Sprint(r.Rows[i][4:])
			wantRow := fmt.Sprintf("[e00030 2 9 2026-03-01 11:30:00 +0000 UTC {\"source\":\"shop\"} %s]", topic)
			if got != wantRow {
				t.Fatalf("metadata %s, want %s", got, wantRow)
			}
		}
	}
	cp := r.last(t)
	if cp.Records != 30 || cp.Cursor != `{"offsets":{"0":10,"1":10,"2":10},"columns":["id","kind","amount","occurred_at"]}` {
		t.Fatalf("checkpoint %+v", cp)
	}
	_ = src.Close()
	src, cols = open(t, cfg, cp, nil)
	if r := drain(t, src, cols, 4, 0); len(r.Rows) != 0 || !slices.Equal(r.Cols, want) {
		t.Fatalf("resumed at the end: %d records, columns %v; want none and the kept columns", len(r.Rows), r.Cols)
	}
}

// Runs stopped mid-way (a batch read, not committed) and resumed from the
// last commit read every message once in all, NDJSON messages split by
// a batch included.
func TestResumeAfterAStoppedRunReadsEveryMessageOnce(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	topic := k.Topic(3)
	var msgs []*kgo.Record
	for i := range 40 {
		msgs = append(msgs, &kgo.Record{Partition: int32(i % 3), Value: fmt.Appendf(nil, "{\"id\": \"m%02da\"}\n{\"id\": \"m%02db\"}\n", i, i)})
	}
	k.Produce(topic, msgs...)
	cfg := kafkasource.Config{Brokers: k.Addrs, Topic: topic, Format: msgbody.FormatNDJSON, Columns: []string{"id"}}
	var got []string
	from := etl.Checkpoint{}
	for run := 0; ; run++ {
		src, cols := open(t, cfg, from, nil)
		r := drain(t, src, cols, 7, 25)
		_ = src.Close()
		cp := r.last(t)
		n := int(cp.Records - from.Records) // what the committed batches hold
		got = append(got, r.ids(t)[:n]...)
		from = cp
		if len(r.Rows) < 25 || run > 10 {
			break
		}
	}
	slices.Sort(got)
	if len(got) != 80 || len(slices.Compact(slices.Clone(got))) != 80 || from.Records != 80 {
		t.Fatalf("%d records committed (%d distinct), checkpoint %d; want 80 once each", len(got), len(slices.Compact(got)), from.Records)
	}
}

// Bodies that cannot be decoded are rejects with the reason and the
// body's text; their offsets move on like the others.
func TestBadBodiesAreRejects(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	topic := k.Topic(1)
	var msgs []*kgo.Record
	for _, body := range []string{`{"id": 1}`, `not json at all`, `[1, 2]`, `{"id": 3, "colour": "red"}`, ``, `{"id": 2}`} {
		msgs = append(msgs, &kgo.Record{Value: []byte(body)})
	}
	k.Produce(topic, msgs...)
	src, cols := open(t, kafkasource.Config{Brokers: k.Addrs, Topic: topic}, etl.Checkpoint{}, nil)
	r := drain(t, src, cols, 100, 0)
	want := []string{
		`record 2: not valid JSON (message partition 0 offset 1) | not json at all`,
		`record 3: not a JSON object (message partition 0 offset 2) | [1, 2]`,
		`record 4: unexpected field "colour" (message partition 0 offset 3) | {"id": 3, "colour": "red"}`,
		`record 5: message partition 0 offset 4: empty message body | `,
	}
	if len(r.Rows) != 2 || !slices.Equal(r.Rejects, want) {
		t.Fatalf("%d records, rejects\n%s\nwant\n%s", len(r.Rows), strings.Join(r.Rejects, "\n"), strings.Join(want, "\n"))
	}
	if cp := r.last(t); !strings.Contains(cp.Cursor, `"0":6`) {
		t.Fatalf("checkpoint %+v: rejects must move the offset on", cp)
	}
}

// CSV bodies: lines of the given columns; a line of another width is a
// reject of its message.
func TestCSVLines(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	topic := k.Topic(1)
	k.Produce(topic, &kgo.Record{Value: []byte("1,red\n2,\"blue, dark\"\n")}, &kgo.Record{Value: []byte("3,green,extra\n")})
	src, cols := open(t, kafkasource.Config{Brokers: k.Addrs, Topic: topic, Format: msgbody.FormatCSV, Columns: []string{"id", "colour"}}, etl.Checkpoint{}, nil)
	r := drain(t, src, cols, 10, 0)
	if len(r.Rows) != 2 || r.value(t, 1, "colour") != "blue, dark" || len(r.Rejects) != 1 ||
		!strings.Contains(r.Rejects[0], "wrong number of fields") {
		t.Fatalf("records %v, rejects %v", r.Rows, r.Rejects)
	}
}

// Partitions: only those listed are read, and only they are in the
// checkpoint.
func TestPartitionsSubset(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	topic := k.Topic(3)
	k.Produce(topic, kafkatest.Events(9, 3)...)
	src, cols := open(t, kafkasource.Config{Brokers: k.Addrs, Topic: topic, Partitions: []int32{1}}, etl.Checkpoint{}, nil)
	r := drain(t, src, cols, 10, 0)
	if len(r.Rows) != 3 || r.last(t).Cursor != `{"offsets":{"1":3},"columns":["id","kind","amount","occurred_at"]}` {
		t.Fatalf("%d records, checkpoint %+v", len(r.Rows), r.last(t))
	}
}
