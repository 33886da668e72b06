package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/zeebo/xxh3"
)

// bufSize is the read buffer of every source, smaller for smaller files
// (but not under 4096, which encoding/csv would wrap in a buffer of its own).
const bufSize = 256 << 10

// remoteBufSize is the read buffer of an object in a store, whose blob
// reads ahead itself: a resume then fetches little more than the header
// before its checkpoint.
const remoteBufSize = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// fileInfo is an input file: its name, and its size when it was last
// opened (when the source was made, until Open; an object's is known
// once opened).
type fileInfo struct {
	path  string // as given, for messages
	abs   string // an object's URL as given
	size  int64
	mtime int64 // unix nanoseconds, when the source was made
	// next is the blob File.Open opened for the next open to read (its
	// reads bound to Open's context; Format.Start, which opens the file,
	// has none); nil: open opens the file itself.
	next Blob
}

// statFile checks that path is a regular file it can name absolutely, or
// a URL of a store it can read (see Locate).
func statFile(path string) (fileInfo, error) {
	abs, err := Locate(path)
	if err != nil || IsRemote(abs) {
		return fileInfo{path: path, abs: abs}, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return fileInfo{}, fmt.Errorf("source: %w", err)
	}
	return fileInfo{path: path, abs: abs, size: fi.Size(), mtime: fi.ModTime().UnixNano()}, nil
}

// adopts reports whether stored is the identity loader versions before
// content fingerprints gave this file, unchanged since:
// "kind:absolute path:size:mtime".
func (f *fileInfo) adopts(kind, stored string) bool {
	return stored == fmt.Sprintf("%s:%s:%d:%d", kind, f.abs, f.size, f.mtime)
}

// input is an open file read up to the size it had when it was opened,
// its read buffer, and the fingerprint of what has been consumed. A
// compressed file is read through z, and offsets are those of its
// decompressed bytes.
type input struct {
	b    Blob
	r    *sizedReader
	br   *bufio.Reader
	sum  *prefixSum // nil when compressed or fixed
	z    *stream    // nil when not compressed
	path string
	// fixed is the fingerprint of every prefix of an object that has an
	// ETag (see etagSum); "" otherwise.
	fixed string
}

// open opens the file and records its size: a run reads no further, so
// rows appended meanwhile wait for the next run. A compressed file (by
// its magic bytes or extension) counts the compressed bytes read in done.
// It reads the blob File.Open opened, if any.
func (f *fileInfo) open(done *atomic.Int64) (*input, error) {
	b := f.next
	f.next = nil
	if b == nil {
		var err error
		if b, err = OpenBlob(context.Background(), f.abs); err != nil {
			return nil, err
		}
	}
	info, err := b.Stat()
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("source %s: %w", f.path, err)
	}
	f.size = info.Size
	r := &sizedReader{b: b, size: f.size, at: info, path: f.path}
	in := &input{b: b, r: r, path: f.abs}
	var head [4]byte
	n, _ := b.ReadAt(head[:], 0)
	if c := detectCodec(f.abs, head[:n]); c != nil {
		in.z = newStream(c, r, done)
		in.br = bufio.NewReaderSize(in.z, bufSize)
		return in, nil
	}
	size := int64(bufSize)
	if info.ETag != "" {
		in.fixed, size = etagSum(info.ETag), remoteBufSize
	} else {
		in.sum = newPrefixSum(b)
	}
	in.br = bufio.NewReaderSize(r, int(max(4096, min(size, f.size+1))))
	return in, nil
}

// etagChars are those an ETag may keep in a cursor as they are.
var etagChars = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// etagSum is the fingerprint of the bytes of an object with that ETag
// before any offset: "etag-" and the ETag (unquoted; hashed when it has
// characters a cursor cannot hold). The bytes of an object cannot change
// without its ETag changing, so a resume needs not read them again to
// know them unchanged; an object replaced, even by a longer one, has
// another.
func etagSum(etag string) string {
	etag = strings.Trim(etag, `"`)
	if !etagChars.MatchString(etag) {
		sum := xxh3.HashString128(etag).Bytes()
		etag = hex.EncodeToString(sum[:])
	}
	return "etag-" + etag
}

// skipBOM consumes a leading UTF-8 byte order mark and returns its length.
func (in *input) skipBOM() (int64, error) {
	b, err := in.br.Peek(len(utf8BOM))
	if err != nil && err != io.EOF {
		return 0, err
	}
	if !bytes.Equal(b, utf8BOM) {
		return 0, nil
	}
	_, err = in.br.Discard(len(utf8BOM))
	return int64(len(utf8BOM)), err
}

// refuseUTF16 fails on a file that starts like UTF-16 text (a UTF-16 byte
// order mark, or NUL in every other byte): read as UTF-8 it would only
// give rejects.
func (in *input) refuseUTF16() error {
	b, _ := in.br.Peek(64)
	nul := bytes.Count(b, []byte{0})
	if !bytes.HasPrefix(b, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(b, []byte{0xFE, 0xFF}) && (len(b) < 4 || nul*3 < len(b)) {
		return nil
	}
	return fmt.Errorf("source %s: %w: it looks like UTF-16 (or binary data); convert text to UTF-8 first, e.g. `iconv -f UTF-16 -t UTF-8 %s > %s.utf8`", in.path, ErrEncoding, in.path, in.path)
}

// seek moves to byte offset off and drops what was buffered. A
// compressed file is decompressed again from its start up to off.
func (in *input) seek(off int64) error {
	if in.z != nil {
		return in.skipTo(off)
	}
	if off < 0 || off > in.r.size {
		return fmt.Errorf("%w: offset %d is outside the file (%d bytes)", ErrCursor, off, in.r.size)
	}
	in.r.off = off
	in.br.Reset(in.r)
	return nil
}

// stamp completes a cursor with the fingerprint of the bytes before it
// and the file's name. A closed input leaves it as it is. The file is
// checked after hashing: when it was written to since it was opened
// without growing (rewritten in place, touched, truncated), the bytes just
// hashed may not be those parsed, so err reports it and the batch the
// cursor closes must not be committed (the source's Err says so too).
func (in *input) stamp(c cursor) cursor {
	if in == nil || c == (cursor{}) {
		return c
	}
	c.sum, c.path = in.sumAt(c.offset), in.path
	_ = in.r.unchanged()
	return c
}

// sumAt returns the fingerprint of the bytes before off.
func (in *input) sumAt(off int64) string {
	switch {
	case in.z != nil:
		return in.z.sum.upTo(off)
	case in.fixed != "":
		return in.fixed
	}
	return in.sum.upTo(off)
}

// mark notes that no cursor will end before off (a record ended there):
// a compressed stream need not keep the bytes before it.
func (in *input) mark(off int64) {
	if in.z != nil {
		in.z.floor = off
	}
}

// err returns the error that stops reading the input: it changed under
// the run (nil while it did not, and for a closed input).
func (in *input) err() error {
	if in == nil {
		return nil
	}
	return in.r.err
}

// endsLine reports whether the byte before off is a line end (or off is
// the start of the file): whether a record ending at off was terminated.
func (in *input) endsLine(off int64) bool {
	if off == 0 {
		return true
	}
	if in.z != nil {
		b, ok := in.z.sum.byteBefore(off)
		return ok && (b == '\n' || b == '\r')
	}
	var b [1]byte
	_, err := in.b.ReadAt(b[:], off-1)
	return err == nil && (b[0] == '\n' || b[0] == '\r')
}

// close closes the file; a nil input is already closed.
func (in *input) close() error {
	if in == nil {
		return nil
	}
	if in.z != nil {
		in.z.close()
	}
	return in.b.Close()
}

// sizedReader reads a file from off up to size, and fails when the file
// ends before size: it was truncated while being read.
type sizedReader struct {
	b         Blob
	off, size int64
	at        BlobInfo // when it was opened
	path      string
	err       error // sticky: the file changed under the run
}

// unchanged fails, and makes every later Read fail, when the file was
// modified since it was opened and is no longer than it was: rewritten in
// place or cut. A file that grew is taken as appended to (its new bytes
// wait for the next run).
func (r *sizedReader) unchanged() error {
	if r.err != nil {
		return r.err
	}
	now, err := r.b.Stat()
	if err == nil && (now.Size < r.size || now.Size == r.size && !now.ModTime.Equal(r.at.ModTime) || now.ETag != r.at.ETag) {
		err = fmt.Errorf("%s: %w: it was modified while being read (%d bytes at the start, %d now)", r.path, ErrChanged, r.size, now.Size)
	}
	r.err = err
	return err
}

func (r *sizedReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.off >= r.size {
		if err := r.unchanged(); err != nil {
			return 0, err
		}
		return 0, io.EOF
	}
	if rest := r.size - r.off; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := r.b.ReadAt(p, r.off)
	r.off += int64(n)
	if errors.Is(err, io.EOF) {
		if r.off < r.size {
			return n, fmt.Errorf("%s: %w: it had %d bytes when the run started and ends at byte %d now (truncated or replaced while being read)", r.path, ErrChanged, r.size, r.off)
		}
		err = nil
	}
	return n, err
}
