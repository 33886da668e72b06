package sourcetest

import (
	"reflect"
	"slices"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// testResume checks, for every content and every record k, that resuming
// from the checkpoint taken after k records yields exactly the records
// after k, with their N and Line; and that the checkpoint before Open is
// the zero one.
func testResume(t *testing.T, k Kind) {
	for i, content := range append([]string{k.Records(5)}, k.Resumable...) {
		newSrc := k.Input(t, content)
		if i == 0 {
			checkpointBeforeOpen(t, newSrc)
		}
		all := ReadFrom(t, newSrc, etl.Checkpoint{})
		if len(all) < 3 {
			t.Fatalf("content %d: only %d records", i, len(all))
		}
		for n := 0; n <= len(all); n++ {
			first, cp := ReadCheckpoint(t, newSrc, n)
			rest := ReadFrom(t, newSrc, cp)
			if got := slices.Concat(first, rest); !reflect.DeepEqual(got, all) {
				t.Fatalf("content %d after %d records (cursor %q):\n got %#v\nwant %#v", i, n, cp.Cursor, got, all)
			}
		}
	}
}

// checkpointBeforeOpen checks that a source not yet opened has the zero
// checkpoint, and that it opens from it.
func checkpointBeforeOpen(t *testing.T, newSrc New) {
	t.Helper()
	src := fresh(t, newSrc)
	cp := src.Checkpoint()
	if cp != (etl.Checkpoint{}) {
		t.Fatalf("Checkpoint before Open = %+v, want the zero one", cp)
	}
	Open(t, src, cp)
}

// ReadCheckpoint reads k records of a fresh source and returns them and
// the checkpoint after them, which must count k records.
func ReadCheckpoint(t testing.TB, newSrc New, k int) ([]Read, etl.Checkpoint) {
	t.Helper()
	src := fresh(t, newSrc)
	Open(t, src, etl.Checkpoint{})
	recs, cp, err := ReadN(t, src, k)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Records != int64(k) {
		t.Fatalf("checkpoint after %d records says %d", k, cp.Records)
	}
	return recs, cp
}

// ReadFrom reads the records of a fresh source opened at cp.
func ReadFrom(t testing.TB, newSrc New, cp etl.Checkpoint) []Read {
	t.Helper()
	src := fresh(t, newSrc)
	Open(t, src, cp)
	recs, _, err := ReadN(t, src, -1)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
