//go:build unix

package main

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/amqptest"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// rabbitPipeline is the pipeline queue_events of a test's pipeline file:
// a RabbitMQ queue of JSON events upserted into queue_events on the
// message id, the password from ${RABBITMQ_PASSWORD}.
type rabbitPipeline struct {
	broker   *amqptest.Broker
	queue    string
	batch    int
	prefetch int
	follow   bool
	// flag: following comes from `loader run --follow`, not the file.
	flag bool
}

// file writes the pipeline file into a new directory and returns it.
func (p rabbitPipeline) file(t *testing.T) string {
	t.Helper()
	u, err := url.Parse(p.broker.URL)
	if err != nil {
		t.Fatal(err)
	}
	follow := ""
	switch {
	case p.follow && p.flag:
		follow = ", flush_interval: 200ms"
	case p.follow:
		follow = ", follow: true, flush_interval: 200ms"
	}
	body := amqptest.EventsPipeline(fmt.Sprintf(`url: "amqp://%s:${RABBITMQ_PASSWORD}@%s%s", queue: %s, prefetch: %d%s`,
		u.User.Username(), u.Host, u.Path, p.queue, p.prefetch, follow), p.batch)
	return writeFiles(t, map[string]string{"pipelines.yaml": body})
}

// env is fileEnv for the pipeline, with the broker's password.
func (p rabbitPipeline) env(t *testing.T, db string) map[string]string {
	t.Helper()
	u, err := url.Parse(p.broker.URL)
	if err != nil {
		t.Fatal(err)
	}
	env := fileEnv(t, db, p.file(t))
	env["RABBITMQ_PASSWORD"], _ = u.User.Password()
	return env
}

// checkEvents fails unless queue_events holds want rows, each id once,
// and the queue is empty.
func checkEvents(t *testing.T, s *repository.Store, p rabbitPipeline, want int64) {
	t.Helper()
	n := count(t, s, "SELECT COUNT(*) FROM queue_events")
	d := count(t, s, "SELECT COUNT(DISTINCT message_id) FROM queue_events")
	if n != want || d != want {
		t.Fatalf("queue_events holds %d rows of %d ids, want %d once each", n, d, want)
	}
	if left := p.broker.Ready(p.queue); left != 0 {
		t.Fatalf("%d messages left in the queue", left)
	}
}

// TestRabbitMQSIGKILLAndRerunLoadsEveryMessageOnce publishes 5,000
// events twice: queue A is loaded by one run, queue B by runs killed
// (SIGKILL) at random moments 3 to 5 times, then run to the end. Both
// warehouses hold every message exactly once and both queues are empty:
// what a killed run committed without acknowledging is delivered again
// and upserted. LOADER_TEST_SEED replays the kill moments.
func TestRabbitMQSIGKILLAndRerunLoadsEveryMessageOnce(t *testing.T) {
	const messages = 5000
	bin := loaderBinary(t)
	seed := testSeed(t)
	b := amqptest.Connect(t)
	ids, bodies := amqptest.Events(messages)
	args := []string{"run", "queue_events", "--wait"}
	dbtest.Each(t, func(t *testing.T, urlA string) {
		pa := rabbitPipeline{broker: b, queue: b.Queue(nil), batch: 100, prefetch: 300}
		pb := pa
		pb.queue = b.Queue(nil)
		b.JSON(pa.queue, ids, bodies)
		b.JSON(pb.queue, ids, bodies)
		urlB := dbtest.New(t, dialectOf(urlA))
		envA, envB := pa.env(t, urlA), pb.env(t, urlB)
		full := timedRun(t, bin, envA, args...)
		checkEvents(t, openStore(t, urlA), pa, messages)

		s := openStore(t, urlB)
		killRuns(t, bin, envB, s, "queue_events", args, messages, full, seed, dialectOf(urlA), func(i, n int, before, at int64) {
			t.Logf("kill %d/%d: checkpoint %d → %d, %d messages ready", i, n, before, at, b.Ready(pb.queue))
		})
		r := mustRun(t, bin, envB, args...)
		t.Logf("final run: %s", strings.TrimSpace(r.stdout))
		checkEvents(t, s, pb, messages)
		checkInterruptedRuns(t, s, "queue_events")
		if n := count(t, s, "SELECT COUNT(*) FROM load_rejects"); n != 0 {
			t.Fatalf("%d rejects", n)
		}
		read := count(t, s, "SELECT SUM(rows_read) FROM load_runs WHERE pipeline = 'queue_events'")
		t.Logf("the runs committed %d records for %d messages: %d delivered again and upserted", read, messages, read-messages)
		r = mustRun(t, bin, envB, args...)
		if !strings.Contains(r.stdout, " 0 read") {
			t.Fatalf("a rerun with the queue empty: %q, want 0 read (the columns kept by the checkpoint)", r.stdout)
		}
	})
}

// A loader killed right after its first commit (before or after that
// batch's acknowledgement reached the broker): the rerun loads the rest,
// and what was committed and delivered again is upserted, not doubled.
func TestRabbitMQKillAfterTheFirstCommit(t *testing.T) {
	bin := loaderBinary(t)
	b := amqptest.Connect(t)
	ids, bodies := amqptest.Events(300)
	dbtest.Each(t, func(t *testing.T, url string) {
		p := rabbitPipeline{broker: b, queue: b.Queue(nil), batch: 5, prefetch: 50}
		b.JSON(p.queue, ids, bodies)
		env := p.env(t, url)
		s := openStore(t, url)
		proc := startLoader(t, bin, env, "run", "queue_events")
		pollState(t, s, proc, "queue_events", func(off int64) bool { return off > 0 }, time.Time{})
		_ = proc.cmd.Process.Kill()
		proc.wait()
		kept := count(t, s, "SELECT COUNT(*) FROM queue_events")
		r := mustRun(t, bin, env, "run", "queue_events", "--wait")
		t.Logf("killed with %d rows committed and %d messages ready; rerun: %s", kept, b.Ready(p.queue), strings.TrimSpace(r.stdout))
		checkEvents(t, s, p, 300)
	})
}

// Messages whose bodies are not JSON objects, or whose values do not fit
// the table, are rejects with their reasons; the run succeeds, and they
// are acknowledged: a rerun finds the queue empty.
func TestRabbitMQBadMessagesAreRejects(t *testing.T) {
	b := amqptest.Connect(t)
	p := rabbitPipeline{broker: b, queue: b.Queue(nil), batch: 10, prefetch: 10}
	ids, bodies := amqptest.Events(3)
	b.JSON(p.queue, append(ids, "bad-json", "bad-amount"),
		append(bodies, `{"kind": "sale", "amount": `, `{"kind": "sale", "amount": "lots", "occurred_at": "2026-03-01T10:00:00Z"}`))
	env := p.env(t, dbtest.SQLite(t))
	r := mustLoader(t, env, "run", "queue_events")
	if !strings.Contains(r.stdout, "5 read, 3 loaded, 2 rejected") {
		t.Fatalf("run: %q", r.stdout)
	}
	rejects := rejectsJSON(t, env, "1")
	if len(rejects) != 2 || !strings.Contains(rejects[0].Reason, `not valid JSON (message "bad-json")`) ||
		!strings.Contains(string(rejects[0].Record), `"_body":"{\"kind\": \"sale\", \"amount\": "`) ||
		!strings.Contains(rejects[1].Reason, "amount") {
		t.Fatalf("rejects %+v", rejects)
	}
	if left := b.Ready(p.queue); left != 0 {
		t.Fatalf("%d messages left: rejects must be acknowledged", left)
	}
}

// SIGINT while following a quiet queue: what was flushed stays committed,
// the command ends within seconds with exit code 1 saying it was
// cancelled, and the queue holds nothing the warehouse lacks.
// On PostgreSQL the file says `follow: true`; elsewhere the command says
// --follow.
func TestRabbitMQSIGINTWhileFollowing(t *testing.T) {
	bin := loaderBinary(t)
	b := amqptest.Connect(t)
	ids, bodies := amqptest.Events(30)
	dbtest.Each(t, func(t *testing.T, url string) {
		flag := dialectOf(url) != "postgres"
		p := rabbitPipeline{broker: b, queue: b.Queue(nil), batch: 1000, prefetch: 100, follow: true, flag: flag}
		b.JSON(p.queue, ids, bodies)
		env := p.env(t, url)
		s := openStore(t, url)
		var extra []string
		if flag {
			extra = append(extra, "--follow")
		}
		interruptFollowing(t, bin, env, s, "queue_events", 30, extra...)
		checkEvents(t, s, p, 30)
	})
}

// --follow on a source that reads what is there and ends is refused
// before anything is read.
func TestFollowRefusedForAFile(t *testing.T) {
	env := demoEnv(t, dbtest.SQLite(t))
	r := loader(t, env, "run", "sales_ingest", "--follow")
	if line := errLine(t, r); r.code != 1 || !strings.Contains(line, "the csv source reads what is there and ends; --follow is for sources that read a stream") {
		t.Fatalf("exit %d: %s", r.code, line)
	}
}

// waitForRuns returns once pipeline has n runs recorded, or the process
// has ended.
func waitForRuns(t *testing.T, s *repository.Store, p *proc, pipeline string, n int64) {
	t.Helper()
	giveUp := time.Now().Add(time.Minute)
	for !p.exited() && count(t, s, "SELECT COUNT(*) FROM load_runs WHERE pipeline = '"+pipeline+"'") < n {
		if time.Now().After(giveUp) {
			t.Fatalf("%s recorded no run %d in a minute", pipeline, n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
