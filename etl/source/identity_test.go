package source_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	csvsource "github.com/warehouse-loader/loader/etl/source/csv"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// TestCheckpointFits: a checkpoint fits a file whose bytes before the
// cursor are those it was taken on, whatever the file's name or mtime.
func TestCheckpointFits(t *testing.T) {
	for _, tc := range []struct {
		kind, content, more string
		newSrc              newSource
	}{
		{"csv", "a\n1\n2\n", "3\n", csvSource},
		{"ndjson", "{\"a\":1}\n{\"a\":2}\n", "{\"a\":3}\n", jsonSource},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			path := sourcetest.WriteFile(t, "data", tc.content)
			src := mustMake(t, tc.newSrc, path)
			if want := map[string]string{"csv": "csv", "ndjson": "json"}[tc.kind]; src.Identity() != want {
				t.Errorf("Identity = %q, want %q", src.Identity(), want)
			}
			sourcetest.Open(t, src, etl.Checkpoint{})
			_, cp, err := sourcetest.ReadN(t, src, -1)
			if err != nil {
				t.Fatal(err)
			}
			src.Close()
			reopen := func(p string, cp etl.Checkpoint) ([]sourcetest.Read, error) {
				s := mustMake(t, tc.newSrc, p)
				if _, err := s.Open(t.Context(), cp); err != nil {
					return nil, err
				}
				defer s.Close()
				recs, _, err := sourcetest.ReadN(t, s, -1)
				return recs, err
			}
			chtimes(t, path, time.Now().Add(time.Hour))
			if recs, err := reopen(path, cp); err != nil || len(recs) != 0 {
				t.Errorf("touched: %v, %d records", err, len(recs))
			}
			if recs, err := reopen(sourcetest.WriteFile(t, "copy", tc.content), cp); err != nil || len(recs) != 0 {
				t.Errorf("copied: %v, %d records", err, len(recs))
			}
			grown := sourcetest.WriteFile(t, "grown", tc.content+tc.more)
			if recs, err := reopen(grown, cp); err != nil || len(recs) != 1 || recs[0].N != 3 {
				t.Errorf("grown: %v, %+v; want record 3 only", err, recs)
			}
			edited := sourcetest.WriteFile(t, "edited", strings.Replace(tc.content, "1", "9", 1))
			if _, err := reopen(edited, cp); !errors.Is(err, etl.ErrSourceChanged) || !strings.Contains(err.Error(), "differ") {
				t.Errorf("edited prefix: %v", err)
			}
			trusted := cp
			trusted.Trust = true
			if recs, err := reopen(edited, trusted); err != nil || len(recs) != 0 {
				t.Errorf("edited prefix, trusted: %v, %d records", err, len(recs))
			}
			short := sourcetest.WriteFile(t, "short", tc.content[:len(tc.content)-2])
			if _, err := reopen(short, trusted); !errors.Is(err, etl.ErrSourceChanged) {
				t.Errorf("shorter than the checkpoint: %v", err)
			}
		})
	}
}

// TestFileChangingDuringARun: a run reads no further than the size at
// Open, and fails when the file is cut short under it.
func TestFileChangingDuringARun(t *testing.T) {
	body := "a\n" + strings.Repeat("1234567\n", 100000)
	path := sourcetest.WriteFile(t, "data.csv", body)
	src := mustMake(t, csvSource, path)
	sourcetest.Open(t, src, etl.Checkpoint{})
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("appended\n")
	_ = f.Close()
	recs, _, err := sourcetest.ReadN(t, src, -1)
	if err != nil || len(recs) != 100000 {
		t.Fatalf("appended during the run: %d records, %v; want the 100000 there at Open", len(recs), err)
	}
	src = mustMake(t, csvSource, path)
	sourcetest.Open(t, src, etl.Checkpoint{})
	if _, _, err := sourcetest.ReadN(t, src, 10); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, int64(len(body)/2)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := sourcetest.ReadN(t, src, -1); !errors.Is(err, source.ErrChanged) {
		t.Fatalf("truncated during the run: %v, want ErrChanged", err)
	}

	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	src = mustMake(t, csvSource, path)
	sourcetest.Open(t, src, etl.Checkpoint{})
	if _, _, err := sourcetest.ReadN(t, src, 10); err != nil {
		t.Fatal(err)
	}
	rewritten := strings.Replace(body, "1234567", "7654321", 1) // same size
	if err := os.WriteFile(path, []byte(rewritten), 0o644); err != nil {
		t.Fatal(err)
	}
	chtimes(t, path, time.Now().Add(time.Minute))
	src.Checkpoint()
	if err := src.(etl.Failer).Err(); !errors.Is(err, source.ErrChanged) {
		t.Fatalf("rewritten in place during the run, the checkpoint's batch may be written: %v", err)
	}
	if _, _, err := sourcetest.ReadN(t, src, -1); !errors.Is(err, source.ErrChanged) {
		t.Fatalf("rewritten in place during the run: %v, want ErrChanged", err)
	}
}

// TestCutLastRecord: a last record without a line end that later grows
// was cut off when it was read; its checkpoint does not fit.
func TestCutLastRecord(t *testing.T) {
	path := sourcetest.WriteFile(t, "data.csv", "a\n1\n12")
	src := mustMake(t, csvSource, path)
	sourcetest.Open(t, src, etl.Checkpoint{})
	_, cp, err := sourcetest.ReadN(t, src, -1)
	if err != nil {
		t.Fatal(err)
	}
	src.Close()
	again := mustMake(t, csvSource, path)
	if _, err := again.Open(t.Context(), cp); err != nil {
		t.Fatalf("the same file without a final line end: %v", err)
	}
	again.Close()
	if err := os.WriteFile(path, []byte("a\n1\n123.45\n7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := again.Open(t.Context(), cp); !errors.Is(err, etl.ErrSourceChanged) || !strings.Contains(err.Error(), "cut off") {
		t.Fatalf("the cut record grew: %v", err)
	}
}

func mustMake(t *testing.T, newSrc newSource, path string) etl.Source {
	t.Helper()
	src, err := newSrc(path)()
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func chtimes(t *testing.T, path string, mtime time.Time) {
	t.Helper()
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

func TestUTF16AndDirectoriesSayWhatIsWrong(t *testing.T) {
	for name, content := range map[string]string{
		"bom":    "\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00",
		"no bom": "a\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00",
	} {
		for kind, newSrc := range map[string]newSource{"csv": csvSource, "json": jsonSource} {
			src := mustMake(t, newSrc, sourcetest.WriteFile(t, "data", content))
			_, err := src.Open(t.Context(), etl.Checkpoint{})
			if !errors.Is(err, source.ErrEncoding) || !strings.Contains(err.Error(), "iconv -f UTF-16") {
				t.Errorf("%s, %s: %v", kind, name, err)
			}
		}
	}
	if _, err := csvsource.NewCSV(t.TempDir(), csvsource.CSVOptions{}); !errors.Is(err, source.ErrNotFile) {
		t.Errorf("a directory: %v", err)
	}
}
