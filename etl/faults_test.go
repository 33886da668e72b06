package etl_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// runWith runs p with a runner that resumes as r says.
func (e *env) runWith(r etl.Resume, p *etl.Pipeline) (etl.Result, error) {
	return (&etl.Runner{Warehouse: repository.NewWarehouse(e.store), Resume: r}).Run(context.Background(), p)
}

// count returns the rows of transformed_sales_data.
func (e *env) count() int {
	e.t.Helper()
	return len(e.sales())
}

// load builds the typed pipeline in mode over the file at path.
func (e *env) load(mode, path string, batch int) *etl.Pipeline {
	return e.pipeline(fmt.Sprintf(typedYAML, mode), "load", spec.Options{Input: path, BatchSize: batch})
}

func TestRerunAfterFixingMalformedLineResumes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		good := rows(100, func(int) bool { return false })
		lines := strings.SplitAfter(good, "\n")
		broken := strings.Join(lines[:61], "") + "z,\"2024-01-01,1,5\n" + strings.Join(lines[61:], "")
		path := e.file("in.csv", broken)
		if _, err := e.run(e.load("append", path, 20)); err == nil {
			t.Fatal("the malformed file loaded")
		}
		if n := e.count(); n != 60 {
			t.Fatalf("%d rows committed before the malformed line, want 60", n)
		}
		fixed := strings.Join(lines[:61], "") + "z,2024-01-01T00:00:00Z,1,5\n" + strings.Join(lines[61:], "")
		if err := os.WriteFile(path, []byte(fixed), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := e.run(e.load("append", path, 20))
		if err != nil || res.Read != 41 {
			t.Fatalf("rerun after the fix: %+v %v; want the 41 records after the checkpoint", res, err)
		}
		if n := e.count(); n != 101 {
			t.Fatalf("%d rows, want the 101 of the fixed file once each", n)
		}
	})
}

func TestSameBytesAgainLoadNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		body := rows(50, func(int) bool { return false })
		path := e.file("in.csv", body)
		if _, err := e.run(e.load("append", path, 20)); err != nil {
			t.Fatal(err)
		}
		later := time.Now().Add(time.Hour)
		if err := os.Chtimes(path, later, later); err != nil { // touch
			t.Fatal(err)
		}
		copied := e.file("copy.csv", body) // the same bytes under another name
		for _, p := range []string{path, copied} {
			res, err := e.run(e.load("append", p, 20))
			if err != nil || res.Read != 0 {
				t.Fatalf("rerun on %s: %+v %v; want nothing read", p, res, err)
			}
		}
		if err := os.WriteFile(path, []byte(body+"x1,2024-01-01T00:00:00Z,1,5\nx2,2024-01-01T00:00:00Z,1,6\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := e.run(e.load("append", path, 20))
		if err != nil || res.Read != 2 || e.count() != 52 {
			t.Fatalf("after appending 2 rows: %+v %v, %d rows", res, err, e.count())
		}
	})
}

func TestEditedFileStopsAppendUntilTheUserChooses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		path := e.file("in.csv", rows(30, func(int) bool { return false }))
		if _, err := e.run(e.load("append", path, 10)); err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(rows(30, func(int) bool { return false }), "o00001", "p00001", 1)
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := e.run(e.load("append", path, 10))
		if !errors.Is(err, etl.ErrSourceChanged) || !strings.Contains(err.Error(), "differ") {
			t.Fatalf("run on an edited file: %v", err)
		}
		if run, _ := e.store.Run(context.Background(), res.RunID); run.Status != models.RunFailed || e.count() != 30 {
			t.Fatalf("run %s, %d rows; want failed and the 30 rows untouched", run.Status, e.count())
		}
		if _, err := e.runWith(etl.ResumeAnyway, e.load("append", path, 10)); err != nil || e.count() != 30 {
			t.Fatalf("--resume: %v, %d rows", err, e.count())
		}
		if _, err := e.runWith(etl.FullRefresh, e.load("append", path, 10)); err != nil {
			t.Fatal(err)
		}
		got := e.sales()
		if len(got) != 30 || !strings.HasPrefix(got[0], "o00000") || got[29] != "p00001=1.00/Low" {
			t.Fatalf("after a full refresh: %d rows, %v … %v", len(got), got[0], got[len(got)-1])
		}
	})
}

func TestUpsertAndReplaceStartOverOnAChangedSource(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		for _, mode := range []string{"upsert", "replace"} {
			t.Run(mode, func(t *testing.T) {
				e := newEnv(t, dbtest.New(t, dialectOf(url)))
				path := e.file("in.csv", rows(30, func(int) bool { return false }))
				if _, err := e.run(e.load(mode, path, 10)); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(rows(20, func(int) bool { return false })), 0o644); err != nil {
					t.Fatal(err)
				}
				res, err := e.run(e.load(mode, path, 10))
				want := map[string]int{"upsert": 30, "replace": 20}[mode]
				if err != nil || res.Read != 20 || e.count() != want {
					t.Fatalf("run on a shorter file: %+v %v, %d rows, want %d", res, err, e.count(), want)
				}
			})
		}
	})
}

func TestReplaceRerunOnUnchangedSourceSwapsNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		body := rows(25, func(int) bool { return false })
		path := e.file("in.csv", body)
		first, err := e.run(e.load("replace", path, 10))
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.run(e.load("replace", path, 10))
		if err != nil || res.Read != 0 || res.Loaded != 0 {
			t.Fatalf("rerun: %+v %v", res, err)
		}
		var sale models.TransformedSale
		if err := e.store.Scope(context.Background(), func(sess *repository.Session) error {
			return sess.Gorm(context.Background()).Take(&sale).Error
		}); err != nil || sale.LoadRunID != first.RunID {
			t.Fatalf("rows are of run %d after the rerun, want run %d (no new swap): %v", sale.LoadRunID, first.RunID, err)
		}
		if err := os.WriteFile(path, []byte(body+"new,2024-01-01T00:00:00Z,1,5\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err = e.run(e.load("replace", path, 10))
		if err != nil || res.Read != 26 || e.count() != 26 {
			t.Fatalf("after the file grew: %+v %v, %d rows; want the whole file again", res, err, e.count())
		}
	})
}

func TestTruncatedJSONArrayFails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		e.file("cut.json", `[{"order_id":"A","sold_at":"2024-01-01T00:00:00Z","quantity":"1","sales_amount":"5"},{"order_id":"B","sold_at":"2024-01-01T00:00:00Z","quantity":"1","sales_amount":"5"},`)
		yaml := strings.Replace(typedYAML, "csv: {path: in.csv}", "json: {path: cut.json}", 1)
		res, err := e.run(e.pipeline(fmt.Sprintf(yaml, "append"), "load", spec.Options{}))
		if err == nil || !strings.Contains(err.Error(), "cut.json") || !strings.Contains(err.Error(), "byte") {
			t.Fatalf("truncated array: %+v %v; want an error naming the file and the offset", res, err)
		}
	})
}

// binHuge labels amounts over 500 "Huge", which the CHECK on
// transformed_sales_data.sales_category refuses.
const binHuge = `bin: {column: sales_amount, into: sales_category, edges: ["100", "500"], labels: [Low, Medium, High]}`

func TestRowsTheDatabaseRefusesAreRejected(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		for _, mode := range []string{"append", "upsert", "replace"} {
			t.Run(mode, func(t *testing.T) {
				e := newEnv(t, dbtest.New(t, dialectOf(url)))
				yaml := strings.Replace(fmt.Sprintf(typedYAML, mode), binHuge, strings.Replace(binHuge, "High]", "Huge]", 1), 1)
				path := e.file("in.csv", rows(560, func(int) bool { return false }))
				p := e.pipeline(yaml, "load", spec.Options{Input: path, BatchSize: 250})
				res, err := e.run(p)
				if err != nil || res.Loaded != 501 || res.Rejected != 59 {
					t.Fatalf("%+v %v; want 501 loaded and the 59 amounts over 500 rejected", res, err)
				}
				rejects, _ := e.store.Rejects(context.Background(), res.RunID, 500)
				if len(rejects) != 59 || !strings.Contains(rejects[0].Reason, "refused") || !strings.Contains(rejects[0].Record, "Huge") || rejects[0].Position != "line 503" {
					t.Fatalf("%d rejects, first %+v", len(rejects), rejects[0])
				}
				if e.count() != 501 {
					t.Fatalf("%d rows in the table, want 501", e.count())
				}
			})
		}
	})
}

func TestRunCountsAreWhatWasCommitted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		// Every 7th record rejected, batches of 100 loaded rows: the batch
		// that crosses 20 rejects is not written, nor counted.
		path := e.file("in.csv", rows(1000, func(i int) bool { return i%7 == 0 }))
		res, err := e.run(e.pipeline(fmt.Sprintf(typedYAML, "append"), "load", spec.Options{Input: path, BatchSize: 100, MaxRejects: "20"}))
		if !errors.Is(err, etl.ErrTooManyRejects) {
			t.Fatal(err)
		}
		run, _ := e.store.Run(context.Background(), res.RunID)
		rejects, _ := e.store.Rejects(context.Background(), res.RunID, 1000)
		if run.RowsRejected != int64(len(rejects)) || res.Rejected != run.RowsRejected || run.RowsLoaded != int64(e.count()) || run.RowsRead != run.RowsLoaded+run.RowsRejected {
			t.Fatalf("run says %d read/%d loaded/%d rejected (result %d); committed: %d rows, %d rejects", run.RowsRead, run.RowsLoaded, run.RowsRejected, res.Rejected, e.count(), len(rejects))
		}
	})
}

func TestDryRunCountsWhatTheUpsertWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		body := header + "a,2024-01-01T00:00:00Z,1,5\na,2024-01-01T00:00:00Z,1,6\nb,2024-01-01T00:00:00Z,1,7\na,2024-01-01T00:00:00Z,1,8\n"
		p := func() *etl.Pipeline { return e.load("upsert", e.file("in.csv", body), 0) }
		dry, err := (&etl.Runner{Warehouse: repository.NewWarehouse(e.store)}).DryRun(context.Background(), p(), 5)
		if err != nil {
			t.Fatal(err)
		}
		run, err := e.run(p())
		if err != nil || dry.Loaded != run.Loaded || run.Loaded != 2 {
			t.Fatalf("dry run would load %d, the run loaded %d (%v); want 2", dry.Loaded, run.Loaded, err)
		}
	})
}

func TestAllRejectedFails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		path := e.file("in.csv", rows(10, func(int) bool { return true }))
		res, err := e.run(e.pipeline(fmt.Sprintf(typedYAML, "append"), "load", spec.Options{Input: path, MaxRejects: "100%"}))
		run, _ := e.store.Run(context.Background(), res.RunID)
		if !errors.Is(err, etl.ErrAllRejected) || run.Status != models.RunFailed || run.RowsRejected != 10 {
			t.Fatalf("%v, run %+v", err, run)
		}
	})
}

func TestUpsertRefusesATableWithoutAUniqueKey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		err := e.store.Scope(context.Background(), func(sess *repository.Session) error {
			return sess.Exec(context.Background(),
				"CREATE TABLE keyless AS SELECT * FROM transformed_sales_data",
				"DROP TABLE transformed_sales_data",
				"ALTER TABLE keyless RENAME TO transformed_sales_data")
		})
		if err != nil {
			t.Fatal(err)
		}
		path := e.file("in.csv", rows(10, func(int) bool { return false }))
		for range 2 {
			_, err := e.run(e.load("upsert", path, 0))
			if !errors.Is(err, repository.ErrNoUniqueKey) || !strings.Contains(err.Error(), "order_id") {
				t.Fatalf("upsert into a table without a key: %v", err)
			}
		}
		if n := e.count(); n != 0 {
			t.Fatalf("%d rows written", n)
		}
	})
}

// TestCheckpointsOfOlderVersionsAreAdopted: a checkpoint stored by a
// loader before content fingerprints ("csv:path:size:mtime", a cursor
// without a fingerprint) resumes while the file is unchanged.
func TestCheckpointsOfOlderVersionsAreAdopted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		path := e.file("in.csv", rows(20, func(int) bool { return false }))
		if _, err := e.run(e.load("append", path, 0)); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		st, _, err := e.store.State(context.Background(), "load")
		if err != nil {
			t.Fatal(err)
		}
		old := strings.Join(strings.SplitN(*st.Cursor, ":", 5)[:3], ":")
		legacy := fmt.Sprintf("csv:%s:%d:%d", path, fi.Size(), fi.ModTime().UnixNano())
		err = e.store.Scope(context.Background(), func(sess *repository.Session) error {
			// GORM quotes the columns: cursor is a reserved word on MariaDB.
			return sess.Gorm(context.Background()).Table("load_state").Where("pipeline = ?", "load").
				Updates(map[string]any{"source": legacy, "cursor": old}).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.run(e.load("append", path, 0))
		if err != nil || res.Read != 0 || e.count() != 20 {
			t.Fatalf("rerun over an older checkpoint: %+v %v, %d rows", res, err, e.count())
		}
	})
}

func TestSQLCheckpointsOfOlderVersionsAreAdopted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		insertRaw(t, e.store, "('a', '2024-01-01 10:00:00', '1', '5')", "('b', '2024-01-01 10:00:00', '1', '7')")
		p := func() *etl.Pipeline { return e.pipeline(fmt.Sprintf(sqlYAML, ""), "transform", spec.Options{}) }
		if _, err := e.run(p()); err != nil {
			t.Fatal(err)
		}
		legacy := fmt.Sprintf("sql:%s:table sales_data by id", e.store.URL())
		err := e.store.Scope(context.Background(), func(sess *repository.Session) error {
			return sess.Gorm(context.Background()).Exec("UPDATE load_state SET source = ? WHERE pipeline = 'transform'", legacy).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		if res, err := e.run(p()); err != nil || res.Read != 0 {
			t.Fatalf("rerun over an older checkpoint read %d: %v", res.Read, err)
		}
	})
}

func TestReplaceKeepsItsTableWhenEveryRecordIsRejected(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		path := e.file("in.csv", rows(30, func(int) bool { return false }))
		if _, err := e.run(e.load("replace", path, 10)); err != nil {
			t.Fatal(err)
		}
		bad := e.file("bad.csv", rows(25, func(int) bool { return true }))
		if _, err := e.run(e.load("replace", bad, 10)); !errors.Is(err, etl.ErrAllRejected) {
			t.Fatalf("all rejected: %v", err)
		}
		if n := e.count(); n != 30 {
			t.Fatalf("%d rows after a run that rejected everything, want the 30 loaded before", n)
		}
		good := e.file("good.csv", rows(20, func(int) bool { return false }))
		if res, err := e.run(e.load("replace", good, 10)); err != nil || res.Read != 20 || e.count() != 20 {
			t.Fatalf("next good run: %+v %v, %d rows", res, err, e.count())
		}
	})
}

func TestAllRejectedLeavesTheCheckpointForTheFixedRerun(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		path := e.file("in.csv", rows(30, func(i int) bool { return true }))
		if _, err := e.run(e.load("append", path, 10)); !errors.Is(err, etl.ErrAllRejected) || !strings.Contains(err.Error(), "checkpoint did not move") {
			t.Fatalf("all rejected: %v", err)
		}
		if _, found, _ := e.store.State(context.Background(), "load"); found {
			t.Fatal("a run that rejected everything moved the checkpoint")
		}
		fixed := strings.ReplaceAll(rows(30, func(i int) bool { return true }), "n/a", "5")
		if err := os.WriteFile(path, []byte(fixed), 0o644); err != nil {
			t.Fatal(err)
		}
		if res, err := e.run(e.load("append", path, 10)); err != nil || res.Loaded != 30 {
			t.Fatalf("rerun after the fix: %+v %v", res, err)
		}
	})
}

func TestDryRunOfReplaceOverSeveralBatches(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		path := e.file("in.csv", rows(35, func(i int) bool { return i == 3 }))
		p := e.load("replace", path, 10)
		res, err := (&etl.Runner{Warehouse: repository.NewWarehouse(e.store)}).DryRun(context.Background(), p, 5)
		if err != nil || res.Read != 35 || res.Loaded != 34 || res.Rejected != 1 || e.count() != 0 {
			t.Fatalf("dry run: %+v %v, %d rows", res, err, e.count())
		}
		stage := repository.StagingTable(p.Target, p.Name).Name + "_dry"
		if left, err := e.store.HasTable(context.Background(), stage); err != nil || left {
			t.Fatalf("dry run left %s behind: %v %v", stage, left, err)
		}
	})
}

func TestReplaceOverASQLSourceSeesUpdatesAndDeletes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		yaml := strings.Replace(strings.Replace(sqlYAML, "mode: upsert", "mode: replace", 1), "      - dedupe: {keys: [order_id], keep: last}\n", "", 1)
		insertRaw(t, e.store, "('a', '2024-01-01 10:00:00', '1', '5')", "('b', '2024-01-01 10:00:00', '1', '7')")
		p := func() *etl.Pipeline { return e.pipeline(fmt.Sprintf(yaml, ""), "transform", spec.Options{}) }
		if _, err := e.run(p()); err != nil || e.count() != 2 {
			t.Fatalf("first run: %v, %d rows", err, e.count())
		}
		err := e.store.Scope(context.Background(), func(sess *repository.Session) error {
			return sess.Exec(context.Background(), "UPDATE sales_data SET sales_amount = '600' WHERE order_id = 'a'", "DELETE FROM sales_data WHERE order_id = 'b'")
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.run(p()); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(e.sales()); got != "[a=600.00/High]" {
			t.Fatalf("after an update and a delete: %s", got)
		}
	})
}

func TestRefusedRowsStopAtTheRejectBudget(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		yaml := strings.Replace(fmt.Sprintf(typedYAML, "append"), binHuge, strings.Replace(binHuge, "High]", "Huge]", 1), 1)
		var b strings.Builder
		b.WriteString(header)
		for i := range 400 {
			fmt.Fprintf(&b, "o%05d,2024-01-01T00:00:00Z,1,900\n", i) // every row "Huge"
		}
		path := e.file("in.csv", b.String())
		_, err := e.run(e.pipeline(yaml, "load", spec.Options{Input: path, BatchSize: 400, MaxRejects: "10"}))
		if !errors.Is(err, etl.ErrTooManyRejects) || !strings.Contains(err.Error(), " 11 of ") {
			t.Fatalf("%v; want the search for refused rows to stop at the 11th", err)
		}
	})
}

// TestFileTouchedDuringARun: the run stops without writing the batch it
// was reading, and the rerun resumes where the last committed one ended.
func TestFileTouchedDuringARun(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		path := e.file("in.csv", rows(100, func(int) bool { return false }))
		p := e.load("append", path, 10)
		g := newGate(p.Source, 35)
		p.Source = g
		done := make(chan error, 1)
		go func() { _, err := e.run(p); done <- err }()
		<-g.reached
		later := time.Now().Add(time.Hour)
		if err := os.Chtimes(path, later, later); err != nil {
			t.Fatal(err)
		}
		close(g.release)
		if err := <-done; !errors.Is(err, source.ErrChanged) {
			t.Fatalf("run with its file touched: %v, want ErrChanged", err)
		}
		if _, err := e.run(e.load("append", path, 10)); err != nil {
			t.Fatal(err)
		}
		if n := e.count(); n != 100 {
			t.Fatalf("%d rows, want each of the 100 once", n)
		}
	})
}

// TestSQLSourceWaitsForTransactionsStillWriting: on PostgreSQL a serial
// key is drawn at insert, not at commit; rows committed behind a writer
// still in progress (with lower keys) must not be skipped. (SQLite has one
// writer at a time: its keys commit in order.)
func TestSQLSourceWaitsForTransactionsStillWriting(t *testing.T) {
	url := dbtest.Postgres(t)
	e := newEnv(t, url)
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	slow, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = slow.Rollback() }()
	for _, id := range []string{"s1", "s2", "s3"} {
		if _, err := slow.Exec("INSERT INTO sales_data (order_id, sold_at, quantity, sales_amount) VALUES ($1, '2024-01-01 10:00:00', '1', '5')", id); err != nil {
			t.Fatal(err)
		}
	}
	insertRaw(t, e.store, "('f1', '2024-01-01 10:00:00', '1', '5')", "('f2', '2024-01-01 10:00:00', '1', '7')")
	p := func() *etl.Pipeline { return e.pipeline(fmt.Sprintf(sqlYAML, ""), "transform", spec.Options{}) }
	if res, err := e.run(p()); err != nil || res.Read != 0 {
		t.Fatalf("run while an older writer is in progress read %d: %v; want 0 (its rows come first)", res.Read, err)
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	if res, err := e.run(p()); err != nil || res.Read != 5 {
		t.Fatalf("run after the writer committed read %d: %v; want all 5", res.Read, err)
	}
	if n := e.count(); n != 5 {
		t.Fatalf("%d rows transformed, want 5", n)
	}
}

func TestDryRunIsRefusedWhileThePipelineRuns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		holder, err := repository.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer holder.Close()
		release, err := holder.LockPipeline(context.Background(), "load", false)
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		path := e.file("in.csv", rows(10, func(int) bool { return false }))
		if _, err := (&etl.Runner{Warehouse: repository.NewWarehouse(e.store)}).DryRun(context.Background(), e.load("append", path, 0), 1); !errors.Is(err, etl.ErrAlreadyRunning) {
			t.Fatalf("dry run while the pipeline runs: %v", err)
		}
	})
}
