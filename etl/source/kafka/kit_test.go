package kafkasource_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	kafkasource "github.com/warehouse-loader/loader/etl/source/kafka"
)

// read is what drain read: the records' values, the rejects' reasons and
// the checkpoints it committed.
type read struct {
	cols    []string
	rows    []etl.Row
	rejects []string
	commits []etl.Checkpoint
	flushes int
}

// open builds and opens a source on cfg, resuming at from.
func open(t *testing.T, cfg kafkasource.Config, from etl.Checkpoint, log *slog.Logger) (*kafkasource.Source, etl.Columns) {
	t.Helper()
	src, err := kafkasource.New(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = src.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cols, err := src.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	return src, cols
}

// drain reads src the way the runner does: every batch records, and on a
// flush, the checkpoint is taken; it stops at io.EOF or after limit
// records (0: none), the records after the last checkpoint then
// uncommitted.
func drain(t *testing.T, src *kafkasource.Source, cols etl.Columns, batch, limit int) read {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r := read{cols: cols.Names()}
	inBatch := 0
	end := func() {
		r.commits = append(r.commits, src.Checkpoint())
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

// last is the last checkpoint committed.
func (r read) last(t *testing.T) etl.Checkpoint {
	t.Helper()
	if len(r.commits) == 0 {
		t.Fatal("nothing committed")
	}
	return r.commits[len(r.commits)-1]
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

// ids returns the id column of every row.
func (r read) ids(t *testing.T) []string {
	t.Helper()
	out := make([]string, len(r.rows))
	for i := range r.rows {
		out[i] = fmt.Sprint(r.value(t, i, "id"))
	}
	return out
}
