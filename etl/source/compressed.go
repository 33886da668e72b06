package source

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/warehouse-loader/loader/etl"
)

// codec is a compression format the file sources read: by the name's
// extension or by the magic bytes the file starts with.
type codec struct {
	name  string // "gzip", "zstd"
	ext   string
	magic []byte
}

var codecs = []codec{
	{name: "gzip", ext: ".gz", magic: []byte{0x1f, 0x8b}},
	{name: "zstd", ext: ".zst", magic: []byte{0x28, 0xb5, 0x2f, 0xfd}},
}

// zstdMaxWindow is the largest zstd window read (the zstd command's own
// limit without --long): it bounds the decoder's memory.
const zstdMaxWindow = 128 << 20

// detectCodec returns the codec of the file named path that starts with
// head, or nil for a file read as it is. The magic bytes decide; failing
// them, the extension (a damaged .gz file then fails as damaged gzip).
func detectCodec(path string, head []byte) *codec {
	for i := range codecs {
		if bytes.HasPrefix(head, codecs[i].magic) {
			return &codecs[i]
		}
	}
	for i := range codecs {
		if strings.EqualFold(filepath.Ext(path), codecs[i].ext) {
			return &codecs[i]
		}
	}
	return nil
}

// stream decompresses a file and keeps what a cursor needs of the
// decompressed bytes: their count, the fingerprint of those before the
// last record's end (floor), and the bytes read past it, which a cursor
// may still end in. It holds no more than that read-ahead.
type stream struct {
	c    *codec
	raw  *sizedReader // the compressed file
	rbuf *bufio.Reader
	done *atomic.Int64 // compressed bytes read, for progress
	dec  io.Reader     // nil: not started
	gz   *gzip.Reader
	zd   *zstd.Decoder

	pos   int64 // decompressed bytes read
	floor int64 // no cursor will end before this
	lines int64 // newlines read, for messages
	err   error // sticky
	sum   streamSum
}

// newStream returns a stream over raw; done counts the compressed bytes read.
func newStream(c *codec, raw *sizedReader, done *atomic.Int64) *stream {
	z := &stream{c: c, raw: raw, done: done, sum: newStreamSum()}
	z.rbuf = bufio.NewReaderSize(countingReader{z}, 64<<10)
	return z
}

// restart goes back to the start of the file: nothing read or hashed.
func (z *stream) restart() {
	z.raw.off = 0
	z.rbuf.Reset(countingReader{z})
	z.dec, z.pos, z.floor, z.lines, z.err = nil, 0, 0, 0, z.raw.err
	z.sum.reset()
}

// start makes (or resets) the decoder over the compressed bytes; gzip
// reads its header here.
func (z *stream) start() error {
	var err error
	switch {
	case z.c.name == "zstd" && z.zd == nil:
		z.zd, err = zstd.NewReader(z.rbuf, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(zstdMaxWindow))
	case z.c.name == "zstd":
		err = z.zd.Reset(z.rbuf)
	case z.gz == nil:
		z.gz, err = gzip.NewReader(z.rbuf)
	default:
		err = z.gz.Reset(z.rbuf)
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF // no gzip header: an empty file
	}
	if err != nil {
		return z.damaged(err)
	}
	z.dec = z.gz
	if z.zd != nil {
		z.dec = z.zd
	}
	return nil
}

// Read decompresses into p, hashing first what lies before floor.
func (z *stream) Read(p []byte) (int, error) {
	z.sum.to(z.floor)
	if z.err == nil && z.dec == nil {
		z.err = z.start()
	}
	if z.err != nil {
		return 0, z.err
	}
	n, err := z.dec.Read(p)
	z.sum.keep(p[:n])
	z.pos += int64(n)
	z.lines += int64(bytes.Count(p[:n], []byte{'\n'}))
	if err != nil && err != io.EOF {
		z.err = z.damaged(err)
		err = z.err
	}
	return n, err
}

// damaged returns the error for a decoder failure, naming how far the
// file was read. A file changed under the run says so instead.
func (z *stream) damaged(err error) error {
	if errors.Is(err, ErrChanged) {
		return err
	}
	if errors.Is(err, zstd.ErrWindowSizeExceeded) {
		return fmt.Errorf("%w: zstd: its window is over the %d MiB this reader allows (written with zstd --long=28 or more?); compress it again with at most --long=27",
			ErrCompressed, zstdMaxWindow>>20)
	}
	cause := strings.TrimPrefix(err.Error(), z.c.name+": ")
	return fmt.Errorf("%w: %s: %s at compressed byte %d of %d (decompressed byte %d, line %d); the file is damaged, cut short or not %s",
		ErrCompressed, z.c.name, cause, z.raw.off-int64(z.rbuf.Buffered()), z.raw.size, z.pos, z.lines+1, z.c.name)
}

// close releases the decoder.
func (z *stream) close() {
	if z.zd != nil {
		z.zd.Close()
	}
}

// countingReader reads the compressed file and publishes how far.
type countingReader struct{ z *stream }

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.z.raw.Read(p)
	c.z.done.Store(c.z.raw.off)
	return n, err
}

// skipTo restarts a compressed input and decompresses up to off,
// hashing what it discards: a compressed stream cannot seek.
func (in *input) skipTo(off int64) error {
	if off < 0 {
		return fmt.Errorf("%w: offset %d is outside the file", ErrCursor, off)
	}
	z := in.z
	z.restart()
	in.br.Reset(z)
	z.floor = off
	n, err := in.br.Discard(int(off))
	switch {
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%w: it has %d bytes decompressed, fewer than the %d already loaded", etl.ErrSourceChanged, n, off)
	case err != nil:
		return err
	}
	return nil
}

// length returns the bytes the input is known to have: the file's size,
// or the decompressed bytes read so far.
func (in *input) length() int64 {
	if in.z != nil {
		return in.z.pos
	}
	return in.r.size
}

// moreAfter reports whether the input has bytes after off (not before
// what was read, for a compressed input).
func (in *input) moreAfter(off int64) bool {
	if in.z == nil || in.z.pos > off {
		return off < in.length()
	}
	if in.br.Buffered() > 0 {
		return true
	}
	_, err := in.br.Peek(1)
	return err == nil
}
