package sourcetest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
)

// Drained is what Drain read: the records' values, the rejects' reasons
// (with the values read) and the checkpoints it committed.
type Drained struct {
	Cols    []string
	Rows    []etl.Row
	Rejects []string
	Commits []etl.Checkpoint
	Flushes int
}

// Drain reads an opened src the way the runner does: every batch records,
// and on an etl.ErrFlush with records pending, the checkpoint is taken and
// given to commit (nil: none). It stops at io.EOF (a last checkpoint
// taken) or after limit records (0: none), the records after the last
// checkpoint then uncommitted.
func Drain(t testing.TB, src etl.Source, cols etl.Columns, batch, limit int, commit func(context.Context, etl.Checkpoint) error) Drained {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r := Drained{Cols: cols.Names()}
	inBatch := 0
	end := func() {
		cp := src.Checkpoint()
		if commit != nil {
			if err := commit(ctx, cp); err != nil {
				t.Fatal(err)
			}
		}
		r.Commits = append(r.Commits, cp)
		inBatch = 0
	}
	for limit == 0 || len(r.Rows)+len(r.Rejects) < limit {
		var rec etl.Record
		err := src.Next(ctx, &rec)
		var rej *etl.RejectError
		switch {
		case errors.Is(err, io.EOF):
			end()
			return r
		case errors.Is(err, etl.ErrFlush):
			r.Flushes++
			if inBatch > 0 {
				end()
			}
			continue
		case errors.As(err, &rej):
			r.Rejects = append(r.Rejects, rej.Reason+" | "+fmt.Sprint(rec.Raw...))
		case err != nil:
			t.Fatalf("record %d: %v", len(r.Rows)+len(r.Rejects)+1, err)
		default:
			r.Rows = append(r.Rows, append(etl.Row(nil), rec.Raw...))
		}
		if inBatch++; inBatch == batch {
			end()
		}
	}
	return r
}

// Value returns the value of column name of row i.
func (r Drained) Value(t testing.TB, i int, name string) any {
	t.Helper()
	for c, n := range r.Cols {
		if n == name {
			return r.Rows[i][c]
		}
	}
	t.Fatalf("no column %s in %v", name, r.Cols)
	return nil
}
