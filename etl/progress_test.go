package etl_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// TestProgressAfterEachBatch: Progress hears of every committed batch,
// with the run's counts so far and the time its transaction took.
func TestProgressAfterEachBatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		in := e.file("in.csv", rows(5, func(int) bool { return false }))
		p := e.pipeline(fmt.Sprintf(typedYAML, "append"), "load", spec.Options{Input: in, BatchSize: 2})
		var got []etl.Progress
		r := &etl.Runner{Warehouse: repository.NewWarehouse(e.store), Progress: func(p etl.Progress) { got = append(got, p) }}
		if _, err := r.Run(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		var reads []string
		for _, p := range got {
			reads = append(reads, fmt.Sprintf("%d/%d/%d", p.Read, p.Loaded, p.Rejected))
			if p.Commit <= 0 || p.Commit > p.Elapsed {
				t.Errorf("batch ending at record %d: commit took %s of the run's %s", p.Read, p.Commit, p.Elapsed)
			}
		}
		if fmt.Sprint(reads) != "[2/2/0 4/4/0 5/5/0]" {
			t.Fatalf("progress read/loaded/rejected %v, want [2/2/0 4/4/0 5/5/0]", reads)
		}
	})
}
