package etl_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// stream is a source of the shape broker sources have: records come from
// next (io.EOF ends it, etl.ErrFlush is a lull), and every commit is
// heard (etl.Acker).
type stream struct {
	next   func(n int64) error // called before record n+1 is returned; nil: a record
	n      int64
	mu     sync.Mutex
	acked  []int64
	onAck  func(cp etl.Checkpoint)
	closed bool
}

func (s *stream) Identity() string { return "stream:test" }

func (s *stream) Open(context.Context, etl.Checkpoint) (etl.Columns, error) {
	return etl.NewColumns("order_id")
}

func (s *stream) Next(_ context.Context, rec *etl.Record) error {
	if err := s.next(s.n); err != nil {
		return err
	}
	s.n++
	rec.N, rec.Key = s.n, strconv.FormatInt(s.n, 10)
	rec.Raw = append(rec.Raw[:0], "m"+rec.Key)
	return nil
}

func (s *stream) Checkpoint() etl.Checkpoint {
	return etl.Checkpoint{Records: s.n, Cursor: strconv.FormatInt(s.n, 10)}
}

func (s *stream) Close() error { s.closed = true; return nil }

func (s *stream) Committed(_ context.Context, cp etl.Checkpoint) error {
	if s.onAck != nil {
		s.onAck(cp)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acked = append(s.acked, cp.Records)
	return nil
}

const streamYAML = `
pipelines:
  stream:
    source:
      csv: {path: in.csv}
    target: sales_data
    mode: append
    batch_size: 10
`

// streamPipeline is the stream pipeline reading src into sales_data.
func (e *env) streamPipeline(src etl.Source) *etl.Pipeline {
	e.file("in.csv", "order_id\nx\n")
	p := e.pipeline(streamYAML, "stream", spec.Options{})
	p.Source = src
	return p
}

func (e *env) salesDataRows(t *testing.T) int64 {
	t.Helper()
	var n int64
	err := e.store.Query(context.Background(), func(db *gorm.DB) error { return db.Raw("SELECT COUNT(*) FROM sales_data").Scan(&n).Error })
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAckerHearsEachCommitAfterIt: a source that acknowledges after the
// commit is told of every batch's checkpoint once its rows are in the
// warehouse (they are visible from another connection when it hears),
// and not at all on a dry run.
func TestAckerHearsEachCommitAfterIt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		src := &stream{next: func(n int64) error {
			if n == 25 {
				return io.EOF
			}
			return nil
		}}
		var visible []int64
		src.onAck = func(etl.Checkpoint) { visible = append(visible, e.salesDataRows(t)) }
		p := e.streamPipeline(src)
		if _, err := (&etl.Runner{Warehouse: repository.NewWarehouse(e.store)}).DryRun(context.Background(), p, 0); err != nil {
			t.Fatal(err)
		}
		if len(src.acked) != 0 {
			t.Fatalf("a dry run acknowledged %v", src.acked)
		}
		src.n = 0
		if _, err := e.run(p); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(src.acked) != "[10 20 25]" || fmt.Sprint(visible) != "[10 20 25]" {
			t.Fatalf("acknowledged %v with %v rows visible; want each batch's checkpoint after its rows: [10 20 25]", src.acked, visible)
		}
	})
}

// TestFlushCommitsAQuietStream: when a following source has had nothing
// for its flush interval (etl.ErrFlush), the records read so far are
// committed without waiting for a full batch, and reading goes on.
func TestFlushCommitsAQuietStream(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	var sawCommitted int64 = -1
	lull := false
	acked := make(chan struct{}, 2)
	src := &stream{onAck: func(etl.Checkpoint) { acked <- struct{}{} }}
	src.next = func(n int64) error {
		switch n {
		case 3:
			if !lull {
				lull = true
				return etl.ErrFlush
			}
			select { // the stream stays quiet until the lull's batch is committed
			case <-acked:
			case <-time.After(10 * time.Second):
				return errors.New("the records before the lull were not committed")
			}
			sawCommitted = e.salesDataRows(t)
		case 5:
			return io.EOF
		}
		return nil
	}
	if _, err := e.run(e.streamPipeline(src)); err != nil {
		t.Fatal(err)
	}
	if sawCommitted != 3 || fmt.Sprint(src.acked) != "[3 5]" || e.salesDataRows(t) != 5 {
		t.Fatalf("after the lull %d rows were committed (want 3), acknowledged %v (want [3 5]), %d rows in all (want 5)", sawCommitted, src.acked, e.salesDataRows(t))
	}
}
