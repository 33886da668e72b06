package etl_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	neturl "net/url"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// gate is a source that stops before record at until released, so a test
// can act while the run that reads it is between two batches.
type gate struct {
	etl.Source
	at, n   int64
	reached chan struct{}
	release chan struct{}
}

func newGate(src etl.Source, at int64) *gate {
	return &gate{Source: src, at: at, reached: make(chan struct{}), release: make(chan struct{})}
}

func (g *gate) Next(ctx context.Context, rec *etl.Record) error {
	if g.n++; g.n == g.at {
		close(g.reached)
		<-g.release
	}
	return g.Source.Next(ctx, rec)
}

// takeOver makes another run own the pipeline while run A is paused at
// its gate: on PostgreSQL for real (A's lock session is terminated, as an
// idle_session_timeout or a pooler would, and run B loads the whole file);
// on SQLite, whose file lock cannot vanish, by claiming the pipeline as a
// run that lost nothing would.
func TestRunThatLostItsLockCannotWrite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		path := e.file("in.csv", rows(100, func(int) bool { return false }))
		pa := e.pipeline(fmt.Sprintf(typedYAML, "append"), "load", spec.Options{Input: path, BatchSize: 10})
		g := newGate(pa.Source, 41)
		pa.Source = g
		done := make(chan error, 1)
		go func() { _, err := e.run(pa); done <- err }()
		<-g.reached // A read 40 records and holds the lock
		e.waitCommitted("load", 40)
		if d := dialectOf(url); d != "sqlite" {
			map[string]func(*testing.T, string){"postgres": terminateLockSession, "mysql": killLockConnection}[d](t, url)
			res, err := e.run(e.pipeline(fmt.Sprintf(typedYAML, "append"), "load", spec.Options{Input: path, BatchSize: 10}))
			if err != nil || res.Read != 60 {
				t.Fatalf("run B: %+v %v; want the 60 records after A's checkpoint", res, err)
			}
		} else {
			err := e.store.Scope(context.Background(), func(sess *repository.Session) error {
				return sess.ClaimLease(context.Background(), "load", 9999)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		close(g.release)
		err := <-done
		if !errors.Is(err, etl.ErrLeaseLost) {
			t.Fatalf("run A after losing its lock: %v, want ErrLeaseLost", err)
		}
		want := map[string]int{"postgres": 100, "mysql": 100, "sqlite": 40}[dialectOf(url)]
		if n := e.count(); n != want {
			t.Fatalf("%d rows, want %d: each source row once", n, want)
		}
	})
}

// terminateLockSession ends the backend that holds pipeline "load"'s lock
// in the test's schema, like a server's idle_session_timeout would.
// killLockConnection kills the MariaDB connection holding the pipeline
// lock of "load" (a GET_LOCK user lock, see repository/mysql).
func killLockConnection(t *testing.T, url string) {
	t.Helper()
	s, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	err = s.Scope(context.Background(), func(sess *repository.Session) error {
		var id int64
		if err := sess.Gorm(context.Background()).Raw("SELECT IS_USED_LOCK(CONCAT('loader.', DATABASE(), '.pipeline.load'))").Scan(&id).Error; err != nil || id == 0 {
			return fmt.Errorf("finding the lock holder: %d, %w", id, err)
		}
		return sess.Gorm(context.Background()).Exec(fmt.Sprintf("KILL %d", id)).Error
	})
	if err != nil {
		t.Fatal(err)
	}
}

func terminateLockSession(t *testing.T, url string) {
	t.Helper()
	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var where string
	if err := db.QueryRow("SELECT current_database() || '.' || current_schema()").Scan(&where); err != nil || where != "test."+u.Query().Get("search_path") {
		t.Fatalf("schema %q: %v", where, err)
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(where + "\x00load"))
	var n int
	err = db.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_locks
		WHERE locktype = 'advisory' AND classid = 4269 AND objid = $1 AND objsubid = 2 AND granted`, int64(h.Sum32())).Scan(&n)
	if err != nil || n != 1 {
		t.Fatalf("terminating the lock session: %d terminated, %v", n, err)
	}
	for range 100 { // the backend releases the lock as it exits
		err = db.QueryRow(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 4269 AND objid = $1 AND objsubid = 2`, int64(h.Sum32())).Scan(&n)
		if err != nil || n == 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the lock outlived its session: %v", err)
}

// waitCommitted waits until the pipeline's checkpoint accounts for records.
func (e *env) waitCommitted(pipeline string, records int64) {
	e.t.Helper()
	for range 200 {
		st, _, err := e.store.State(context.Background(), pipeline)
		if err != nil {
			e.t.Fatal(err)
		}
		if st.SourceOffset >= records {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatalf("%s never committed %d records", pipeline, records)
}
