package repository_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// The reads that touch a table end at the statement timeout when another
// session holds that table locked (they would wait for the lock forever).
func TestReadsOfALockedTableEndAtTheStatementTimeout(t *testing.T) {
	s := lockedWarehouse(t, 500*time.Millisecond, "transformed_sales_data")
	ctx := context.Background()
	page := func(q repository.ReadQuery) func() error {
		return func() error { _, _, err := s.ReadPage(ctx, q, nil); return err }
	}
	calls := map[string]func() error{
		"ReadPage table": page(repository.ReadQuery{Table: "transformed_sales_data", Key: "order_id", Limit: 10}),
		"ReadPage query": page(repository.ReadQuery{SQL: "SELECT order_id FROM transformed_sales_data", Key: "order_id", Limit: 10}),
		"Drift":          func() error { _, err := s.Drift(ctx, models.All()...); return err },
		"Stream": func() error {
			return repository.Stream(ctx, s, "order_id", 10, func([]models.TransformedSale) error { return nil })
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) { wantTimeout(t, name, within(t, 15*time.Second, call), "500ms") })
	}
}

// lockedWarehouse returns a store with the statement timeout limit on a
// migrated PostgreSQL warehouse whose tables another session holds locked
// (ACCESS EXCLUSIVE: not even reads pass) until the test ends.
func lockedWarehouse(t *testing.T, limit time.Duration, tables string) *repository.Store {
	t.Helper()
	url := dbtest.Postgres(t)
	dbtest.Migrate(t, url)
	dbtest.Hold(t, url, "LOCK TABLE "+tables+" IN ACCESS EXCLUSIVE MODE")
	return openWith(t, url, repository.WithStatementTimeout(limit))
}

// The reads of the catalogue, which no table lock blocks, end at the
// statement timeout when the server stops answering; Drift and
// RequireUniqueKey then fail rather than report tables missing.
func TestCatalogueReadsEndAtTheStatementTimeout(t *testing.T) {
	url := dbtest.Postgres(t)
	dbtest.Migrate(t, url)
	ctx := context.Background()
	calls := map[string]func(*repository.Store) error{
		"DatabaseIdentity": func(s *repository.Store) error { _, err := s.DatabaseIdentity(ctx); return err },
		"RequireUniqueKey": func(s *repository.Store) error {
			return s.RequireUniqueKey(ctx, "transformed_sales_data", []string{"order_id"})
		},
		"Drift": func(s *repository.Store) error {
			drift, err := s.Drift(ctx, models.All()...)
			if err == nil {
				return fmt.Errorf("no error, drift %v", drift)
			}
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			s := openWith(t, url, repository.WithMaxConns(1), repository.WithStatementTimeout(500*time.Millisecond))
			freezeSession(t, s)
			wantTimeout(t, name, within(t, 15*time.Second, func() error { return call(s) }), "500ms")
		})
	}
}

// freezeSession stops the server process behind the store's only
// connection (SIGSTOP) until the test ends: that session answers nothing,
// as a hung server does, while other sessions go on. The test skips when
// the server is not a process of this machine it may signal.
func freezeSession(t *testing.T, s *repository.Store) {
	t.Helper()
	var pid int
	err := s.Scope(context.Background(), func(sess *repository.Session) error {
		return sess.Gorm(context.Background()).Raw("SELECT pg_backend_pid()").Scan(&pid).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || !strings.HasPrefix(string(cmdline), "postgres") {
		t.Skipf("the server's process %d is not on this machine (%v): cannot freeze it", pid, err)
	}
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Skipf("cannot stop the server's process %d: %v", pid, err)
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGCONT) })
}

// A query SQLite takes long over (no lock involved: SQLite's lock waits
// end at its busy timeout) ends at the statement timeout too.
func TestLongSQLiteReadEndsAtTheStatementTimeout(t *testing.T) {
	s := openWith(t, dbtest.SQLite(t), repository.WithStatementTimeout(500*time.Millisecond))
	q := repository.ReadQuery{
		SQL: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT max(x) AS id FROM c",
		Key: "id", Limit: 1,
	}
	err := within(t, 15*time.Second, func() error { _, _, err := s.ReadPage(context.Background(), q, nil); return err })
	wantTimeout(t, "ReadPage", err, "500ms")
}

// The statement timeout bounds each page query of Stream, not the
// caller's function: a stream whose function outlasts it completes.
func TestStreamBoundsEachPageNotTheCaller(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		s := openWith(t, url, repository.WithStatementTimeout(300*time.Millisecond))
		ctx := context.Background()
		err := s.Scope(ctx, func(sess *repository.Session) error {
			for _, id := range []string{"a", "b", "c"} {
				if err := insertOne(ctx, sess, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var seen []string
		err = repository.Stream(ctx, s, "order_id", 1, func(b []models.TransformedSale) error {
			seen = append(seen, b[0].OrderID)
			time.Sleep(400 * time.Millisecond)
			return nil
		})
		if err != nil || strings.Join(seen, " ") != "a b c" {
			t.Fatalf("Stream = %v, saw %q; want a b c", err, seen)
		}
	})
}

// A statement timeout does not turn other errors into timeouts.
func TestReadErrorsStayTheirOwn(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		s := openWith(t, url, repository.WithStatementTimeout(time.Minute))
		ctx := context.Background()
		if err := s.RequireUniqueKey(ctx, "no_such_table", []string{"id"}); !errors.Is(err, repository.ErrNotFound) || errors.Is(err, repository.ErrTimeout) {
			t.Errorf("RequireUniqueKey(no_such_table) = %v, want ErrNotFound", err)
		}
		_, _, err := s.ReadPage(ctx, repository.ReadQuery{Table: "no_such_table", Key: "id", Limit: 1}, nil)
		if err == nil || errors.Is(err, repository.ErrTimeout) || !strings.Contains(err.Error(), "no_such_table") {
			t.Errorf("ReadPage(no_such_table) = %v, want the database's error", err)
		}
	})
}
