package source_test

import (
	stdgzip "compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// benchInputs writes a CSV file of about 100 MB and its gzip and zstd
// versions, and returns their paths by format ("plain", ".gz", ".zst")
// and the plain size.
func benchInputs(b *testing.B) (map[string]string, int64) {
	b.Helper()
	plain := sourcetest.WriteLines(b, "sales.csv", "id,day,customer,sku,qty,price,currency,store,note\n", 1_250_000, func(i int) string {
		return fmt.Sprintf("%d,2024-%02d-%02d,CUST-%05d,SKU-%04d,%d,%d.%02d,EUR,store-%d,\"gift, wrapped\"\n",
			i, i%12+1, i%28+1, i%50000, i%9000, i%7+1, i%500, i%100, i%40)
	})
	content, err := os.ReadFile(plain)
	if err != nil {
		b.Fatal(err)
	}
	paths := map[string]string{"plain": plain}
	for _, ext := range sourcetest.Compressions {
		paths[ext] = filepath.Join(b.TempDir(), "sales.csv"+ext)
		if err := os.WriteFile(paths[ext], sourcetest.Compress(b, ext, string(content)), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return paths, int64(len(content))
}

// BenchmarkCompressedCSV reads a 100 MB CSV file plain, gzipped and
// zstd-compressed; MB/s are of the decompressed bytes.
func BenchmarkCompressedCSV(b *testing.B) {
	paths, size := benchInputs(b)
	for _, format := range []string{"plain", ".gz", ".zst"} {
		b.Run(format, func(b *testing.B) {
			b.SetBytes(size)
			sourcetest.Bench(b, csvSource(paths[format]), 1_250_000)
		})
	}
}

// BenchmarkCompressedResume opens the 100 MB CSV file at a checkpoint
// after its last record: what a resume costs before the first record
// (decompressing and discarding up to the checkpoint, hashing it). MB/s
// are of the decompressed bytes skipped.
func BenchmarkCompressedResume(b *testing.B) {
	paths, size := benchInputs(b)
	for _, format := range []string{"plain", ".gz", ".zst"} {
		b.Run(format, func(b *testing.B) {
			_, cp := sourcetest.ReadCheckpoint(b, csvSource(paths["plain"]), 1_250_000)
			b.SetBytes(size)
			for b.Loop() {
				if rest := sourcetest.ReadFrom(b, csvSource(paths[format]), cp); len(rest) != 0 {
					b.Fatalf("%d records after the last", len(rest))
				}
			}
		})
	}
}

// BenchmarkGzipDecoders decompresses the 100 MB CSV file with the
// standard library's gzip and with klauspost/compress's, which the file
// sources use.
func BenchmarkGzipDecoders(b *testing.B) {
	paths, size := benchInputs(b)
	decoders := map[string]func(io.Reader) (io.Reader, error){
		"stdlib":    func(r io.Reader) (io.Reader, error) { return stdgzip.NewReader(r) },
		"klauspost": func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) },
	}
	for name, newReader := range decoders {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				f, err := os.Open(paths[".gz"])
				if err != nil {
					b.Fatal(err)
				}
				r, err := newReader(f)
				if err != nil {
					b.Fatal(err)
				}
				if n, err := io.Copy(io.Discard, r); err != nil || n != size {
					b.Fatalf("%d bytes, %v", n, err)
				}
				f.Close()
			}
		})
	}
}
