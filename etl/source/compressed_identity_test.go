package source_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// TestCompressedCheckpointFits: a checkpoint fits a compressed file whose
// decompressed bytes before it are those it was taken on: the same file,
// one compressed again, one that grew by a gzip member or zstd frame; an
// edited or shorter one is another file.
func TestCompressedCheckpointFits(t *testing.T) {
	for _, tc := range []struct {
		kind, content, more string
		newSrc              newSource
	}{
		{"csv", "a\n1\n2\n", "3\n", csvSource},
		{"ndjson", "{\"a\":1}\n{\"a\":2}\n", "{\"a\":3}\n", jsonSource},
	} {
		for _, ext := range sourcetest.Compressions {
			t.Run(tc.kind+ext, func(t *testing.T) {
				path := writeCompressed(t, "data"+ext, ext, tc.content)
				_, cp := sourcetest.ReadCheckpoint(t, tc.newSrc(path), 2)
				reopen := func(p string, cp etl.Checkpoint) ([]sourcetest.Read, error) {
					s := mustMake(t, tc.newSrc, p)
					if _, err := s.Open(t.Context(), cp); err != nil {
						return nil, err
					}
					defer s.Close()
					recs, _, err := sourcetest.ReadN(t, s, -1)
					return recs, err
				}
				if recs, err := reopen(path, cp); err != nil || len(recs) != 0 {
					t.Errorf("the same file: %v, %d records", err, len(recs))
				}
				plain := sourcetest.WriteFile(t, "plain", tc.content)
				if recs, err := reopen(plain, cp); err != nil || len(recs) != 0 {
					t.Errorf("its plain version: %v, %d records", err, len(recs))
				}
				again := writeCompressed(t, "again", otherCompression(ext), tc.content)
				if recs, err := reopen(again, cp); err != nil || len(recs) != 0 {
					t.Errorf("compressed the other way: %v, %d records", err, len(recs))
				}
				member := sourcetest.Compress(t, ext, tc.more)
				grown := writeCompressed(t, "grown"+ext, ext, tc.content)
				appendTo(t, grown, member)
				if recs, err := reopen(grown, cp); err != nil || len(recs) != 1 || recs[0].N != 3 {
					t.Errorf("grown by a member: %v, %+v; want record 3 only", err, recs)
				}
				edited := writeCompressed(t, "edited"+ext, ext, strings.Replace(tc.content, "1", "9", 1))
				if _, err := reopen(edited, cp); !errors.Is(err, etl.ErrSourceChanged) || !strings.Contains(err.Error(), "differ") {
					t.Errorf("edited prefix: %v", err)
				}
				trusted := cp
				trusted.Trust = true
				if recs, err := reopen(edited, trusted); err != nil || len(recs) != 0 {
					t.Errorf("edited prefix, trusted: %v, %d records", err, len(recs))
				}
				short := writeCompressed(t, "short"+ext, ext, tc.content[:len(tc.content)-2])
				if _, err := reopen(short, trusted); !errors.Is(err, etl.ErrSourceChanged) || !strings.Contains(err.Error(), "fewer") {
					t.Errorf("shorter than the checkpoint: %v", err)
				}
			})
		}
	}
}

// otherCompression returns the format that is not ext.
func otherCompression(ext string) string {
	if ext == ".gz" {
		return ".zst"
	}
	return ".gz"
}

// TestCompressedArrayChanged: a JSON array's checkpoint is checked after
// its elements are read again, and a changed array is another file.
func TestCompressedArrayChanged(t *testing.T) {
	content := "[{\"a\":1},\n{\"a\":2},\n{\"a\":3}]\n"
	for _, ext := range sourcetest.Compressions {
		_, cp := sourcetest.ReadCheckpoint(t, jsonSource(writeCompressed(t, "a.json"+ext, ext, content)), 2)
		for name, other := range map[string]string{
			"edited":  strings.Replace(content, "1", "9", 1),
			"shorter": "[{\"a\":1}]\n",
			"broken":  "[{\"a\":1} {\"a\":2}]\n",
		} {
			src := mustMake(t, jsonSource, writeCompressed(t, "b.json"+ext, ext, other))
			if _, err := src.Open(t.Context(), cp); !errors.Is(err, etl.ErrSourceChanged) {
				t.Errorf("%s, %s: %v, want ErrSourceChanged", ext, name, err)
			}
		}
	}
}

// TestCompressedDamaged: a damaged, cut or mislabelled compressed file
// fails with one line naming the file, the format and how far it got. (A
// byte changed inside the compressed data may decompress to other text,
// which fails as malformed before the checksum at the end is reached.)
func TestCompressedDamaged(t *testing.T) {
	inputs := bigInputs(3000)
	for _, ext := range sourcetest.Compressions {
		format := map[string]string{".gz": "gzip", ".zst": "zstd"}[ext]
		for _, tc := range []struct {
			content string
			newSrc  newSource
		}{{inputs[0].content, csvSource}, {inputs[1].content, jsonSource}} {
			data := sourcetest.Compress(t, ext, tc.content)
			for name, bad := range map[string][]byte{
				"cut":      data[:len(data)/2],
				"checksum": flip(data, len(data)-2),
				"flipped":  flip(data, len(data)/2),
				"header":   data[:3],
				"plain":    []byte(tc.content),
			} {
				path := sourcetest.WriteFile(t, "data"+ext, string(bad))
				err := readAll(t, tc.newSrc, path)
				if name == "flipped" && errors.Is(err, source.ErrMalformed) {
					continue
				}
				msg := ""
				if err != nil {
					msg = err.Error()
				}
				if !errors.Is(err, source.ErrCompressed) || !strings.Contains(msg, path) || strings.Contains(msg, "\n") ||
					!strings.Contains(msg, format+": ") || !strings.Contains(msg, "line ") || !strings.Contains(msg, "or not "+format) {
					t.Errorf("%s %s: %v", name, path, err)
				}
			}
		}
	}
}

// TestCompressedWindowTooLarge: a zstd frame that needs more memory than
// the reader allows is refused, saying how to compress it.
func TestCompressedWindowTooLarge(t *testing.T) {
	var b bytes.Buffer
	w, err := zstd.NewWriter(&b, zstd.WithWindowSize(256<<20))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("a,b\n"))
	for range 200000 {
		_, _ = w.Write([]byte("1,2345678901234567890\n"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := sourcetest.WriteFile(t, "long.csv.zst", b.String())
	if err := readAll(t, csvSource, path); !errors.Is(err, source.ErrCompressed) || !strings.Contains(err.Error(), "--long=27") {
		t.Errorf("a 256 MiB window: %v", err)
	}
}

// flip returns a copy of data with the byte at i changed.
func flip(data []byte, i int) []byte {
	out := append([]byte(nil), data...)
	out[i] ^= 0xff
	return out
}

// readAll opens a source over path and reads it to the end.
func readAll(t *testing.T, newSrc newSource, path string) error {
	t.Helper()
	src := mustMake(t, newSrc, path)
	if _, err := src.Open(t.Context(), etl.Checkpoint{}); err != nil {
		return err
	}
	defer src.Close()
	_, _, err := sourcetest.ReadN(t, src, -1)
	return err
}

// appendTo appends data to the file at path.
func appendTo(t *testing.T, path string, data []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
