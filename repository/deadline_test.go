package repository_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// within runs fn and fails the test unless it returns within limit (a
// generous bound: the point is that it returns at all).
func within[T any](t *testing.T, limit time.Duration, fn func() T) T {
	t.Helper()
	got := make(chan T, 1)
	go func() { got <- fn() }()
	select {
	case v := <-got:
		return v
	case <-time.After(limit):
		t.Fatalf("still waiting after %s", limit)
		panic("unreachable")
	}
}

func openWith(t *testing.T, raw string, opts ...repository.Option) *repository.Store {
	t.Helper()
	s, err := repository.Open(context.Background(), raw, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func wantTimeout(t *testing.T, what string, err error, limit string) {
	t.Helper()
	if !errors.Is(err, repository.ErrTimeout) || !strings.Contains(err.Error(), "did not answer within "+limit) {
		t.Fatalf("%s: %v, want a timeout naming %s", what, err, limit)
	}
}

// A server that takes the connection and never answers (a listener that
// never accepts: the kernel completes the handshake): Open gives up after
// the connect timeout, saying so.
func TestOpenGivesUpOnASilentServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	url := "postgres://bob:s3cret@" + ln.Addr().String() + "/db"
	err = within(t, 15*time.Second, func() error {
		_, err := repository.Open(context.Background(), url, repository.WithConnectTimeout(500*time.Millisecond))
		return err
	})
	wantTimeout(t, "Open", err, "500ms")
	if !errors.Is(err, repository.ErrUnreachable) || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("Open = %v, want ErrUnreachable without the password", err)
	}
}

// A SQLite warehouse in a folder that does not exist says so, and says
// nothing of a server.
func TestOpenSQLiteInAMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	_, err := repository.Open(context.Background(), "sqlite://"+filepath.Join(dir, "warehouse.db"))
	if !errors.Is(err, repository.ErrUnreachable) || !strings.Contains(err.Error(), "folder "+dir+" does not exist") || strings.Contains(err.Error(), "server") {
		t.Fatalf("Open = %v, want it to say folder %s does not exist", err, dir)
	}
}

// A file the user may not write says so (checked only where permissions
// bind: a privileged user writes anyway; the CLI test covers that case).
func TestOpenSQLiteInAReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not bind root; TestReadOnlySQLiteFolder runs the loader as another user")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	path := filepath.Join(dir, "warehouse.db")
	_, err := repository.Open(context.Background(), "sqlite://"+path)
	if want := "cannot create " + path + ": the folder is read-only"; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Open = %v, want %q", err, want)
	}
}

// A statement the server makes wait (here on a lock another session holds)
// ends at the statement timeout, even though it runs under a context
// without a deadline; the store goes on working.
func TestScopeEndsAtTheStatementTimeout(t *testing.T) {
	url := dbtest.Postgres(t)
	dbtest.Hold(t, url, "SELECT pg_advisory_xact_lock(4242)")
	s := openWith(t, url, repository.WithStatementTimeout(time.Second))
	err := within(t, 15*time.Second, func() error {
		return s.Scope(context.Background(), func(sess *repository.Session) error {
			return sess.Exec(context.Background(), "SELECT pg_advisory_xact_lock(4242)")
		})
	})
	wantTimeout(t, "Scope", err, "1s")
	if err := s.Scope(context.Background(), func(sess *repository.Session) error { return sess.Exec(context.Background(), "SELECT 1") }); err != nil {
		t.Fatalf("Scope after the timeout: %v", err)
	}
}

// The server ends a transaction of a loader that vanished: each scope sets
// statement_timeout and idle_in_transaction_session_timeout for itself.
func TestScopeSetsServerSideTimeouts(t *testing.T) {
	s := openWith(t, dbtest.Postgres(t), repository.WithStatementTimeout(time.Minute))
	for _, name := range []string{"statement_timeout", "idle_in_transaction_session_timeout"} {
		var v string
		err := s.Scope(context.Background(), func(sess *repository.Session) error {
			return sess.Gorm(context.Background()).Raw("SELECT current_setting('" + name + "')").Scan(&v).Error
		})
		if err != nil || v == "0" || v == "" {
			t.Fatalf("%s in a scope = %q, %v; want the statement timeout", name, v, err)
		}
	}
}

// Every query of the Store has the statement timeout.
func TestStoreQueriesEndAtTheStatementTimeout(t *testing.T) {
	url := dbtest.Postgres(t)
	dbtest.Migrate(t, url)
	s := openWith(t, url, repository.WithStatementTimeout(500*time.Millisecond))
	dbtest.Hold(t, url, "LOCK TABLE load_runs, load_state, load_rejects IN ACCESS EXCLUSIVE MODE")
	ctx := context.Background()
	queries := map[string]func() error{
		"Runs":     func() error { _, err := s.Runs(ctx, "", 10); return err },
		"Run":      func() error { _, err := s.Run(ctx, 1); return err },
		"Rejects":  func() error { _, err := s.Rejects(ctx, 1, 10); return err },
		"State":    func() error { _, _, err := s.State(ctx, "p"); return err },
		"HasTable": func() error { _, err := s.HasTable(ctx, "load_runs"); return err },
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			err := within(t, 15*time.Second, q)
			if name == "HasTable" && err == nil {
				return // the catalogue is not locked: it may answer
			}
			wantTimeout(t, name, err, "500ms")
		})
	}
}

// FinishRun records the end of a run whose context was cancelled.
func TestFinishRunRecordsAfterCancel(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		s := openStore(t, url)
		run, err := s.StartRun(context.Background(), "p")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		run.Status = models.RunCancelled
		if err := s.FinishRun(ctx, &run); err != nil {
			t.Fatalf("FinishRun after cancel: %v", err)
		}
		wantStatus(t, s, run.ID, models.RunCancelled)
	})
}

// FinishRun retries once, on a fresh connection, when its connection was
// lost (here: the server ended the store's sessions).
func TestFinishRunRetriesOnALostConnection(t *testing.T) {
	base := dbtest.Postgres(t)
	dbtest.Migrate(t, base)
	app := fmt.Sprintf("finish_retry_%d", time.Now().UnixNano())
	s := openStore(t, base+"&application_name="+app)
	run, err := s.StartRun(context.Background(), "p")
	if err != nil {
		t.Fatal(err)
	}
	killer := openStore(t, base)
	err = killer.Scope(context.Background(), func(sess *repository.Session) error {
		return sess.Exec(context.Background(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"+app+"'")
	})
	if err != nil {
		t.Fatal(err)
	}
	run.Status = models.RunSucceeded
	if err := s.FinishRun(context.Background(), &run); err != nil {
		t.Fatalf("FinishRun after the server ended the session: %v", err)
	}
	wantStatus(t, s, run.ID, models.RunSucceeded)
}

// FinishRun gives up within a few seconds when the database does not
// answer, and says plainly what that leaves behind.
func TestFinishRunSaysWhenItCannotRecord(t *testing.T) {
	url := dbtest.Postgres(t)
	dbtest.Migrate(t, url)
	s := openWith(t, url, repository.WithStatementTimeout(time.Second))
	run, err := s.StartRun(context.Background(), "sales_ingest")
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Hold(t, url, "LOCK TABLE load_runs IN ACCESS EXCLUSIVE MODE")
	run.Status = models.RunFailed
	err = within(t, 15*time.Second, func() error { return s.FinishRun(context.Background(), &run) })
	want := fmt.Sprintf("could not record the end of run %d (the database did not answer within 1s); it shows as running until the next run of sales_ingest marks it failed", run.ID)
	if err == nil || err.Error() != want || !errors.Is(err, repository.ErrTimeout) {
		t.Fatalf("FinishRun = %v, want %q", err, want)
	}
}

func wantStatus(t *testing.T, s *repository.Store, id int64, status string) {
	t.Helper()
	got, err := s.Run(context.Background(), id)
	if err != nil || got.Status != status || got.FinishedAt == nil {
		t.Fatalf("run %d: %+v, %v; want %s with its end time", id, got, err, status)
	}
}
