package source

import (
	"context"
	"io"
)

// ReadAhead reads the pages of a paged source one ahead of their reader:
// while the records of one page are transformed, the next is being read.
// The sql and mongodb sources read by it.
type ReadAhead[T any] struct {
	pages  chan aheadPage[T]
	cancel context.CancelFunc
}

type aheadPage[T any] struct {
	items []T
	err   error
}

// StartReadAhead starts reading the pages after first: next(ctx, prev)
// reads the page after prev, as long as the page before came back with
// size items (a short page is the last). ctx bounds the reading; Stop
// ends it.
func StartReadAhead[T any](ctx context.Context, first []T, size int, next func(ctx context.Context, prev []T) ([]T, error)) *ReadAhead[T] {
	ctx, cancel := context.WithCancel(ctx)
	r := &ReadAhead[T]{pages: make(chan aheadPage[T], 1), cancel: cancel}
	go func() {
		defer cancel() // the last page is read: nothing more to bound
		defer close(r.pages)
		for prev := first; len(prev) == size; {
			items, err := next(ctx, prev)
			select {
			case r.pages <- aheadPage[T]{items, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
			prev = items
		}
	}()
	return r
}

// Next returns the next page: io.EOF after the last, the error reading it
// failed with, or ctx's error when it is done first.
func (r *ReadAhead[T]) Next(ctx context.Context) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case p, ok := <-r.pages:
		if !ok {
			return nil, io.EOF
		}
		return p.items, p.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Stop ends the reading and waits for it to end. A nil ReadAhead is
// stopped.
func (r *ReadAhead[T]) Stop() {
	if r == nil {
		return
	}
	r.cancel()
	for range r.pages {
	}
}
