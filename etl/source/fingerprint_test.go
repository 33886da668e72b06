package source_test

import (
	"crypto/sha256"
	"hash"
	"testing"

	"github.com/zeebo/xxh3"
)

// BenchmarkFingerprint compares the hash a file checkpoint's fingerprint
// uses (XXH3, 128 bits) with SHA-256, on the 64 KiB reads it hashes.
func BenchmarkFingerprint(b *testing.B) {
	buf := make([]byte, 64<<10)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	for name, h := range map[string]hash.Hash{"xxh3": xxh3.New(), "sha256": sha256.New()} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(buf)))
			for b.Loop() {
				h.Write(buf)
			}
		})
	}
}
