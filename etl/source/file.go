package source

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// bufSize is the read buffer of every source, smaller for smaller files
// (but not under 4096, which encoding/csv would wrap in a buffer of its own).
const bufSize = 256 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// file is an input file as it was when its source was made.
type file struct {
	path  string // as given, for messages
	abs   string
	size  int64
	mtime int64 // unix nanoseconds
}

// statFile records path's absolute name, size and modification time.
func statFile(path string) (file, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return file{}, fmt.Errorf("source %s: %w", path, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return file{}, fmt.Errorf("source: %w", err)
	}
	if fi.IsDir() {
		return file{}, fmt.Errorf("source %s: is a directory", path)
	}
	return file{path: path, abs: abs, size: fi.Size(), mtime: fi.ModTime().UnixNano()}, nil
}

// identity returns kind:path:size:mtime.
func (f file) identity(kind string) string {
	return fmt.Sprintf("%s:%s:%d:%d", kind, f.abs, f.size, f.mtime)
}

// input is an open file and its read buffer.
type input struct {
	f  *os.File
	br *bufio.Reader
}

// open opens the file and checks that it has not changed since statFile.
func (f file) open() (*input, error) {
	h, err := os.Open(f.abs)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	fi, err := h.Stat()
	if err == nil && (fi.Size() != f.size || fi.ModTime().UnixNano() != f.mtime) {
		err = fmt.Errorf("%s: %w", f.path, ErrChanged)
	}
	if err != nil {
		h.Close()
		return nil, err
	}
	return &input{f: h, br: bufio.NewReaderSize(h, int(max(4096, min(bufSize, f.size+1))))}, nil
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

// seek moves to byte offset off and drops what was buffered.
func (in *input) seek(off int64) error {
	if _, err := in.f.Seek(off, io.SeekStart); err != nil {
		return err
	}
	in.br.Reset(in.f)
	return nil
}

// close closes the file; a nil input is already closed.
func (in *input) close() error {
	if in == nil {
		return nil
	}
	return in.f.Close()
}
