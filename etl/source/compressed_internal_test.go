package source

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// TestCompressedMemoryBounded: reading a compressed file keeps no more
// of it than the read-ahead past the last record, however far apart the
// checkpoints are.
func TestCompressedMemoryBounded(t *testing.T) {
	var plain bytes.Buffer
	for i := range 400000 {
		fmt.Fprintf(&plain, "%d,some text to make the line longer,%d\n", i, i*7)
	}
	var data bytes.Buffer
	w := gzip.NewWriter(&data)
	_, _ = w.Write(plain.Bytes())
	_ = w.Close()
	path := filepath.Join(t.TempDir(), "big.csv.gz")
	if err := os.WriteFile(path, data.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	info, err := statFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var done atomic.Int64
	in, err := info.open(&done)
	if err != nil {
		t.Fatal(err)
	}
	defer in.close()
	var off, most int64
	for n := 0; ; n++ {
		line, err := in.br.ReadSlice('\n')
		if err != nil {
			break
		}
		off += int64(len(line))
		in.mark(off)
		most = max(most, int64(cap(in.z.sum.buf)))
		if n%100000 == 0 {
			if got := in.sumAt(off); got == sumUnreadable {
				t.Fatalf("no fingerprint at %d", off)
			}
		}
	}
	if off != int64(plain.Len()) || done.Load() != int64(data.Len()) {
		t.Fatalf("read %d bytes (%d compressed), want %d (%d)", off, done.Load(), plain.Len(), data.Len())
	}
	if most > 4*bufSize {
		t.Errorf("kept up to %d bytes of a %d byte stream, want at most %d", most, off, 4*bufSize)
	}
}
