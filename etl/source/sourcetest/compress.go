package sourcetest

import (
	"bytes"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Compressions are the formats Compress writes, as file extensions.
var Compressions = []string{".gz", ".zst"}

// Compress returns content compressed in the format of ext (".gz" or
// ".zst"): one gzip member or one zstd frame.
func Compress(t testing.TB, ext, content string) []byte {
	t.Helper()
	var b bytes.Buffer
	switch ext {
	case ".gz":
		w := gzip.NewWriter(&b)
		_, _ = w.Write([]byte(content))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	case ".zst":
		w, err := zstd.NewWriter(&b)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(content))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("Compress: unknown format %q", ext)
	}
	return b.Bytes()
}
