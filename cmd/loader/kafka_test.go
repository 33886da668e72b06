//go:build unix

package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/kafkatest"
	"github.com/warehouse-loader/loader/repository"
)

// kafkaPipeline is the pipeline queue_events of a test's pipeline file:
// a Kafka topic of JSON events appended to queue_events. The broker is a
// kfake cluster in the test process; the loader connects to it over TCP.
type kafkaPipeline struct {
	k      *kafkatest.Cluster
	topic  string
	batch  int
	extra  string // more settings, ", key: value"
	secret string // the SASL password, as ${KAFKA_PASSWORD}
}

// env writes the pipeline file and returns the loader's environment.
func (p kafkaPipeline) env(t *testing.T, db string) map[string]string {
	t.Helper()
	settings := fmt.Sprintf("brokers: %s, topic: %s, timeout: 5s%s", p.k.Brokers(), p.topic, p.extra)
	dir := writeFiles(t, map[string]string{"pipelines.yaml": kafkatest.EventsPipeline(settings, p.batch)})
	env := fileEnv(t, db, dir)
	if p.secret != "" {
		env["KAFKA_PASSWORD"] = p.secret
	}
	return env
}

// checkKafkaEvents fails unless queue_events holds want rows, each id
// once.
func checkKafkaEvents(t *testing.T, s *repository.Store, want int64) {
	t.Helper()
	n := count(t, s, "SELECT COUNT(*) FROM queue_events")
	d := count(t, s, "SELECT COUNT(DISTINCT message_id) FROM queue_events")
	if n != want || d != want {
		t.Fatalf("queue_events holds %d rows of %d ids, want %d once each", n, d, want)
	}
}

// TestKafkaSIGKILLAndRerunLoadsEveryMessageOnce produces 6,000 events
// over 3 partitions twice: topic A is loaded by one run, topic B by runs
// killed (SIGKILL) at random moments 3 to 5 times, then run to the end.
// Both warehouses hold every message exactly once, appended: the offsets
// commit with the rows, so a killed run's uncommitted batch is read
// again and nothing committed is. LOADER_TEST_SEED replays the kills.
func TestKafkaSIGKILLAndRerunLoadsEveryMessageOnce(t *testing.T) {
	const messages = 6000
	bin := loaderBinary(t)
	seed := testSeed(t)
	k := kafkatest.Start(t, "", "")
	args := []string{"run", "queue_events", "--wait"}
	dbtest.Each(t, func(t *testing.T, urlA string) {
		pa := kafkaPipeline{k: k, topic: k.Topic(3), batch: 100}
		pb := pa
		pb.topic = k.Topic(3)
		k.Produce(pa.topic, kafkatest.Events(messages, 3)...)
		k.Produce(pb.topic, kafkatest.Events(messages, 3)...)
		urlB := dbtest.New(t, dialectOf(urlA))
		envA, envB := pa.env(t, urlA), pb.env(t, urlB)
		full := timedRun(t, bin, envA, args...)
		checkKafkaEvents(t, openStore(t, urlA), messages)

		s := openStore(t, urlB)
		killRuns(t, bin, envB, s, "queue_events", args, messages, full, seed, dialectOf(urlA), func(i, n int, before, at int64) {
			t.Logf("kill %d/%d: checkpoint %d → %d", i, n, before, at)
		})
		r := mustRun(t, bin, envB, args...)
		t.Logf("final run: %s", strings.TrimSpace(r.stdout))
		checkKafkaEvents(t, s, messages)
		checkInterruptedRuns(t, s, "queue_events")
		if n := count(t, s, "SELECT COUNT(*) FROM load_rejects"); n != 0 {
			t.Fatalf("%d rejects", n)
		}
		r = mustRun(t, bin, envB, args...)
		if !strings.Contains(r.stdout, " 0 read") {
			t.Fatalf("a rerun at the end of the topic: %q, want 0 read", r.stdout)
		}
	})
}

// Messages whose bodies are not JSON objects, or whose values do not fit
// the table, are rejects with their reasons; the run succeeds and a rerun
// reads nothing: their offsets were committed with the batch.
func TestKafkaBadMessagesAreRejects(t *testing.T) {
	k := kafkatest.Start(t, "", "")
	p := kafkaPipeline{k: k, topic: k.Topic(1), batch: 10}
	recs := kafkatest.Events(3, 1)
	bad := kafkatest.Events(2, 1)
	bad[0].Value = []byte(`{"id": "x1", "kind": "sale", "amount": `)
	bad[1].Value = []byte(`{"id": "x2", "kind": "sale", "amount": "lots", "occurred_at": "2026-03-01T10:00:00Z"}`)
	k.Produce(p.topic, append(recs, bad...)...)
	env := p.env(t, dbtest.SQLite(t))
	r := mustLoader(t, env, "run", "queue_events")
	if !strings.Contains(r.stdout, "5 read, 3 loaded, 2 rejected") {
		t.Fatalf("run: %q", r.stdout)
	}
	rejects := rejectsJSON(t, env, "1")
	if len(rejects) != 2 || !strings.Contains(rejects[0].Reason, "not valid JSON (message partition 0 offset 3)") ||
		!strings.Contains(string(rejects[0].Record), `"_offset":3,"_body":"{\"id\": \"x1\"`) ||
		!strings.Contains(rejects[1].Reason, "amount") {
		t.Fatalf("rejects %+v", rejects)
	}
	if r := mustLoader(t, env, "run", "queue_events"); !strings.Contains(r.stdout, " 0 read") {
		t.Fatalf("rerun: %q, want 0 read", r.stdout)
	}
}

// SIGINT while following a quiet topic: what was flushed stays committed
// and the command ends within seconds with exit code 1 saying it was
// cancelled.
func TestKafkaSIGINTWhileFollowing(t *testing.T) {
	bin := loaderBinary(t)
	k := kafkatest.Start(t, "", "")
	dbtest.Each(t, func(t *testing.T, url string) {
		p := kafkaPipeline{k: k, topic: k.Topic(3), batch: 1000, extra: ", follow: true, flush_interval: 200ms"}
		k.Produce(p.topic, kafkatest.Events(30, 3)...)
		env := p.env(t, url)
		s := openStore(t, url)
		interruptFollowing(t, bin, env, s, "queue_events", 30)
		checkKafkaEvents(t, s, 30)
	})
}

// SASL PLAIN with the password from ${KAFKA_PASSWORD}: the right one
// loads, a wrong one is a one-line error that never shows it.
func TestKafkaSASLPassword(t *testing.T) {
	k := kafkatest.Start(t, "loader", "k-right-pw")
	p := kafkaPipeline{k: k, topic: k.Topic(1), batch: 10, secret: "k-wrong-pw",
		extra: `, sasl: {mechanism: PLAIN, user: loader, password: "${KAFKA_PASSWORD}"}`}
	k.Produce(p.topic, kafkatest.Events(4, 1)...)
	env := p.env(t, dbtest.SQLite(t))
	r := loader(t, env, "run", "queue_events")
	line := errLine(t, r)
	if r.code == 0 || !strings.Contains(line, "check sasl:") || strings.Contains(r.stderr+r.stdout, "k-wrong-pw") {
		t.Fatalf("exit %d, stderr %q: want a one-line error about sasl without the password", r.code, r.stderr)
	}
	env["KAFKA_PASSWORD"] = "k-right-pw"
	if r := mustLoader(t, env, "run", "queue_events"); !strings.Contains(r.stdout, "4 read, 4 loaded") {
		t.Fatalf("with the right password: %q", r.stdout)
	}
}
