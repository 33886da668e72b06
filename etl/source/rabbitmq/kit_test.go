package rabbitmqsource_test

import (
	"context"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	rabbitmqsource "github.com/warehouse-loader/loader/etl/source/rabbitmq"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// read is what drain read: the records' values, the rejects' reasons and
// the checkpoints it committed.
type read struct {
	cols    []string
	rows    []etl.Row
	rejects []string
	commits []int64
	flushes int
}

// open builds and opens a source on cfg.
func open(t *testing.T, cfg rabbitmqsource.Config) (*rabbitmqsource.Source, etl.Columns) {
	t.Helper()
	src, err := rabbitmqsource.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = src.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cols, err := src.Open(ctx, etl.Checkpoint{})
	if err != nil {
		t.Fatal(err)
	}
	return src, cols
}

// drain reads src the way the runner does (sourcetest.Drain), each
// checkpoint taken committed (Committed); it stops at io.EOF or after
// limit records (0: none).
func drain(t *testing.T, src *rabbitmqsource.Source, cols etl.Columns, batch, limit int) read {
	t.Helper()
	d := sourcetest.Drain(t, src, cols, batch, limit, src.Committed)
	r := read{cols: d.Cols, rows: d.Rows, rejects: d.Rejects, flushes: d.Flushes}
	for _, cp := range d.Commits {
		r.commits = append(r.commits, cp.Records)
	}
	return r
}

// value returns the value of column name of row i.
func (r read) value(t *testing.T, i int, name string) any {
	t.Helper()
	return sourcetest.Drained{Cols: r.cols, Rows: r.rows}.Value(t, i, name)
}
