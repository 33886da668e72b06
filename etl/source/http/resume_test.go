package httpsource_test

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// For each pagination, a run stopped after k records (mid-page and at a
// page boundary) resumes with the rest, none twice, asking first for the
// page the checkpoint stopped in.
func TestResumeEachPagination(t *testing.T) {
	for _, tt := range paginations(items(10)) {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.serve(t)
			for k := 0; k <= 10; k++ {
				first, cp, err := readIDs(t, tt.source(t, a), etl.Checkpoint{}, k)
				if err != nil || cp.Records != int64(k) {
					t.Fatalf("after %d records: %v, checkpoint %+v", k, err, cp)
				}
				run := "resume after " + strconv.Itoa(k)
				resumed := tt.source(t, a, "X-Run", run)
				rest, end, err := readIDs(t, resumed, cp, -1)
				if err != nil {
					t.Fatal(err)
				}
				if got := slices.Concat(first, rest); !reflect.DeepEqual(got, seq(1, 10)) {
					t.Fatalf("after %d records (cursor %s): %v", k, cp.Cursor, got)
				}
				if end.Records != 10 || !strings.Contains(end.Cursor, `"done":true`) {
					t.Errorf("checkpoint at the end %+v", end)
				}
				if got, page := a.queries("X-Run", run), k/4; k < 10 && got[0] != tt.queries[page] {
					t.Errorf("after %d records the resumed run asked first for %q, want %q", k, got[0], tt.queries[page])
				}
			}
		})
	}
}

// An append pipeline that read the API to its end reads nothing again
// (no request); upsert and replace pipelines read it all again, counting
// on.
func TestRerunAfterTheEnd(t *testing.T) {
	tt := paginations(items(10))[0]
	a := tt.serve(t)
	_, done, err := readIDs(t, tt.source(t, a), etl.Checkpoint{}, -1)
	if err != nil {
		t.Fatal(err)
	}
	ids, again, err := readIDs(t, tt.source(t, a, "X-Run", "again"), done, -1)
	if err != nil || len(ids) != 0 || again != done || len(a.queries("X-Run", "again")) != 0 {
		t.Errorf("append rerun: %v %v, checkpoint %+v (was %+v), requests %q", ids, err, again, done, a.queries("X-Run", "again"))
	}
	for _, mode := range []etl.Mode{etl.Upsert, etl.Replace} {
		src := sourceMode(t, tt, a, mode)
		ids, cp, err := readIDs(t, src, done, -1)
		if err != nil || !reflect.DeepEqual(ids, seq(1, 10)) || cp.Records != 20 {
			t.Errorf("%s rerun: %v %v, checkpoint %+v", mode, ids, err, cp)
		}
	}
}
