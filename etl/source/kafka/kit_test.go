package kafkasource_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	kafkasource "github.com/warehouse-loader/loader/etl/source/kafka"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// read is what drain read.
type read struct{ sourcetest.Drained }

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

// drain reads src the way the runner does (sourcetest.Drain): nothing
// is committed to the broker, the checkpoints are the position.
func drain(t *testing.T, src *kafkasource.Source, cols etl.Columns, batch, limit int) read {
	t.Helper()
	return read{sourcetest.Drain(t, src, cols, batch, limit, nil)}
}

// last is the last checkpoint committed.
func (r read) last(t *testing.T) etl.Checkpoint {
	t.Helper()
	if len(r.Commits) == 0 {
		t.Fatal("nothing committed")
	}
	return r.Commits[len(r.Commits)-1]
}

// value returns the value of column name of row i.
func (r read) value(t *testing.T, i int, name string) any { t.Helper(); return r.Value(t, i, name) }

// ids returns the id column of every row.
func (r read) ids(t *testing.T) []string {
	t.Helper()
	out := make([]string, len(r.Rows))
	for i := range r.Rows {
		out[i] = fmt.Sprint(r.value(t, i, "id"))
	}
	return out
}
