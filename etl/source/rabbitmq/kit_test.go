package rabbitmqsource_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	rabbitmqsource "github.com/warehouse-loader/loader/etl/source/rabbitmq"
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

// drain reads src the way the runner does: every batch records, and on a
// flush, the checkpoint is taken and committed; it stops at io.EOF or
// after limit records (0: none).
func drain(t *testing.T, src *rabbitmqsource.Source, cols etl.Columns, batch, limit int) read {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r := read{cols: cols.Names()}
	inBatch := 0
	end := func() {
		cp := src.Checkpoint()
		if err := src.Committed(ctx, cp); err != nil {
			t.Fatal(err)
		}
		r.commits = append(r.commits, cp.Records)
		inBatch = 0
	}
	for limit == 0 || len(r.rows)+len(r.rejects) < limit {
		var rec etl.Record
		err := src.Next(ctx, &rec)
		var rej *etl.RejectError
		switch {
		case errors.Is(err, io.EOF):
			end()
			return r
		case errors.Is(err, etl.ErrFlush):
			r.flushes++
			if inBatch > 0 {
				end()
			}
			continue
		case errors.As(err, &rej):
			r.rejects = append(r.rejects, rej.Reason+" | "+fmt.Sprint(rec.Raw...))
		case err != nil:
			t.Fatalf("record %d: %v", len(r.rows)+len(r.rejects)+1, err)
		default:
			r.rows = append(r.rows, append(etl.Row(nil), rec.Raw...))
		}
		if inBatch++; inBatch == batch {
			end()
		}
	}
	return r
}

// value returns the value of column name of row i.
func (r read) value(t *testing.T, i int, name string) any {
	t.Helper()
	for c, n := range r.cols {
		if n == name {
			return r.rows[i][c]
		}
	}
	t.Fatalf("no column %s in %v", name, r.cols)
	return nil
}
