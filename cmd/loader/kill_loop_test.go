//go:build unix

package main

import (
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/repository"
)

// killRuns runs the loader (args) on env 3 to 5 times, killing each run
// (SIGKILL) at a random moment: half the time only after it committed
// past the run before, then before its checkpoint reaches its share of
// records or a random instant within its share of full (the length of an
// uninterrupted run), whichever comes first. The moments come from seed
// and the warehouse's dialect; logf hears each kill's checkpoints. A kill
// that lands once everything is committed ends the kills: a next run would
// have nothing left to be killed in.
func killRuns(t *testing.T, bin string, env map[string]string, s *repository.Store, pipeline string, args []string,
	records int64, full time.Duration, seed uint64, dialect string, logf func(i, n int, before, at int64)) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, uint64(len(dialect))))
	n := 3 + rng.IntN(3)
	span := max(full*8/10/time.Duration(n), time.Millisecond)
	var at int64
	for i := range n {
		ceiling := records * int64(i+1) / int64(n+1)
		p := startLoader(t, bin, env, args...)
		// The delay counts from the run's start, not the process's: on a
		// busy machine starting up may take longer than the span.
		waitForRuns(t, s, p, pipeline, int64(i+1))
		if rng.IntN(2) == 0 {
			pollState(t, s, p, pipeline, func(off int64) bool { return off > at }, time.Time{})
		}
		pollState(t, s, p, pipeline, func(off int64) bool { return off >= ceiling }, time.Now().Add(time.Duration(rng.Int64N(int64(span)))))
		_ = p.cmd.Process.Kill()
		if r := p.wait(); r.code == 0 {
			t.Fatalf("run %d ended before the kill: %s", i+1, r.stdout)
		}
		before := at
		at = stateOffset(t, s, pipeline)
		logf(i+1, n, before, at)
		if at >= records { // the killed run had committed everything: a next run would have nothing to load
			return
		}
	}
}

// interruptFollowing starts a following run of pipeline on env, waits
// until its checkpoint reaches records, sends SIGINT and checks that the
// loader ends within seconds with exit code 1 saying it was cancelled.
func interruptFollowing(t *testing.T, bin string, env map[string]string, s *repository.Store, pipeline string, records int64, extra ...string) {
	t.Helper()
	proc := startLoader(t, bin, env, append([]string{"run", pipeline}, extra...)...)
	pollState(t, s, proc, pipeline, func(off int64) bool { return off >= records }, time.Time{})
	if proc.exited() {
		r := proc.wait()
		t.Fatalf("a following run ended by itself: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if err := proc.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	r := waitWithin(t, proc, 8*time.Second)
	if r.code != 1 || !strings.Contains(errLine(t, r), "cancelled") {
		t.Fatalf("exit %d after SIGINT, want 1 and cancelled\n%s", r.code, r.stderr)
	}
}
