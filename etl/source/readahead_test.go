package source_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/warehouse-loader/loader/etl/source"
)

// ReadAhead hands over the pages after the first until a short one, then
// io.EOF; an error ends the pages; a done context ends Next; Stop ends
// the reading at any point.
func TestReadAhead(t *testing.T) {
	boom := errors.New("boom")
	// pages of 2 numbers after prev, up to last; fail at failAt
	pager := func(last, failAt int) func(context.Context, []int) ([]int, error) {
		return func(_ context.Context, prev []int) ([]int, error) {
			n := prev[len(prev)-1]
			if n+1 == failAt {
				return nil, boom
			}
			var page []int
			for i := n + 1; i <= min(n+2, last); i++ {
				page = append(page, i)
			}
			return page, nil
		}
	}
	for _, tt := range []struct {
		name         string
		first        []int
		last, failAt int
		want         []int
		err          error
	}{
		{"short first page", []int{1}, 9, 0, nil, io.EOF},
		{"to a short page", []int{1, 2}, 7, 0, []int{3, 4, 5, 6, 7}, io.EOF},
		{"to an empty page", []int{1, 2}, 6, 0, []int{3, 4, 5, 6}, io.EOF},
		{"an error", []int{1, 2}, 9, 5, []int{3, 4}, boom},
	} {
		r := source.StartReadAhead(context.Background(), tt.first, 2, pager(tt.last, tt.failAt))
		var got []int
		var err error
		for {
			var page []int
			if page, err = r.Next(context.Background()); err != nil {
				break
			}
			got = append(got, page...)
		}
		r.Stop()
		if !errors.Is(err, tt.err) || len(got) != len(tt.want) {
			t.Errorf("%s: read %v, %v; want %v, %v", tt.name, got, err, tt.want, tt.err)
		}
	}
	r := source.StartReadAhead(context.Background(), []int{1, 2}, 2, pager(1000, 0))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next with a done context: %v, want context.Canceled", err)
	}
	r.Stop() // with pages still to read
	var stopped *source.ReadAhead[int]
	stopped.Stop()
}
