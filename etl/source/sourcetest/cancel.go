package sourcetest

import (
	"context"
	"errors"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// CancelWithin is how many calls of Next after its context is canceled
// may still return records: a source checks the context at least this
// often.
const CancelWithin = 256

// testCancel checks that Open with a canceled context fails with the
// context's error, and that Next, canceled after some records, returns
// the context's error within CancelWithin calls.
func testCancel(t *testing.T, k Kind) {
	newSrc := k.Input(t, k.Records(CancelWithin+100))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := fresh(t, newSrc).Open(ctx, etl.Checkpoint{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Open with a canceled context = %v, want context.Canceled", err)
	}
	for _, before := range []int{0, 10} {
		src := fresh(t, newSrc)
		Open(t, src, etl.Checkpoint{})
		if _, _, err := ReadN(t, src, before); err != nil {
			t.Fatal(err)
		}
		if calls, err := nextUntilError(ctx, src); !errors.Is(err, context.Canceled) {
			t.Errorf("canceled after %d records: Next returned %v after %d calls, want context.Canceled within %d",
				before, err, calls, CancelWithin)
		}
	}
}

// nextUntilError calls Next until it fails, at most CancelWithin+1 times,
// and returns the calls made and the error.
func nextUntilError(ctx context.Context, src etl.Source) (int, error) {
	var rec etl.Record
	for calls := 1; ; calls++ {
		err := src.Next(ctx, &rec)
		var rej *etl.RejectError
		if err != nil && !errors.As(err, &rej) || calls > CancelWithin {
			return calls, err
		}
	}
}
