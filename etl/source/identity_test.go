package source_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

func TestIdentity(t *testing.T) {
	for _, tc := range []struct {
		prefix, file, content, edited string
		newSrc                        newSource
	}{
		{"csv:", "data.csv", "a\n1\n", "a\n12\n", csvSource(source.CSVOptions{})},
		{"json:", "data.json", `[{"a":1}]`, `[{"a":12}]`, jsonSource(source.JSONOptions{})},
	} {
		t.Run(tc.prefix, func(t *testing.T) {
			path := writeFile(t, tc.file, tc.content)
			mtime := time.Unix(1700000000, 123)
			chtimes(t, path, mtime)
			src := mustMake(t, tc.newSrc, path)
			abs, _ := filepath.Abs(path)
			want := tc.prefix + abs + ":" + strconv.Itoa(len(tc.content)) + ":" + strconv.FormatInt(mtime.UnixNano(), 10)
			if src.Identity() != want {
				t.Errorf("Identity = %q, want %q", src.Identity(), want)
			}
			if again := mustMake(t, tc.newSrc, path).Identity(); again != want {
				t.Errorf("Identity of the unchanged file = %q, want %q", again, want)
			}

			chtimes(t, path, mtime.Add(time.Second))
			touched := mustMake(t, tc.newSrc, path).Identity()
			if err := os.WriteFile(path, []byte(tc.edited), 0o644); err != nil {
				t.Fatal(err)
			}
			chtimes(t, path, mtime)
			resized := mustMake(t, tc.newSrc, path).Identity()
			if touched == want || resized == want || !strings.HasPrefix(resized, tc.prefix) {
				t.Errorf("Identity after changes: %q, %q; was %q", touched, resized, want)
			}
			if _, err := src.Open(t.Context(), etl.Checkpoint{}); !errors.Is(err, source.ErrChanged) {
				t.Errorf("Open after the file changed = %v, want ErrChanged", err)
			}
		})
	}
}

func mustMake(t *testing.T, newSrc newSource, path string) etl.Source {
	t.Helper()
	src, err := newSrc(path)
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

func TestCanceled(t *testing.T) {
	for content, newSrc := range map[string]newSource{
		"a\n1\n":      csvSource(source.CSVOptions{}),
		"{\"a\":1}\n": jsonSource(source.JSONOptions{}),
	} {
		src := mustMake(t, newSrc, writeFile(t, "data", content))
		open(t, src, etl.Checkpoint{})
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var rec etl.Record
		if err := src.Next(ctx, &rec); !errors.Is(err, context.Canceled) {
			t.Errorf("Next with a canceled context = %v", err)
		}
		if _, err := src.Open(ctx, etl.Checkpoint{}); !errors.Is(err, context.Canceled) {
			t.Errorf("Open with a canceled context = %v", err)
		}
	}
}
