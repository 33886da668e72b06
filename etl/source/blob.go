package source

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Blob is the bytes of an input file wherever they are kept: a local file,
// or an object in a store such as S3 (see RegisterOpener). The file
// sources read every input through one. Its methods may be called
// concurrently.
type Blob interface {
	io.ReaderAt
	// Stat returns the blob's size and stamp as they are now, as far as
	// it can tell without reading it: a local file is looked at again;
	// an object keeps those it was opened with, and fails (wrapping
	// ErrChanged) once a read found it replaced.
	Stat() (BlobInfo, error)
	Close() error
}

// BlobInfo is what tells versions of a blob apart without reading it.
type BlobInfo struct {
	Size    int64
	ModTime time.Time
	// ETag names an object's content: its bytes cannot change without
	// it changing. "" for a local file, which can be rewritten in place.
	ETag string
}

// Opener opens the blob a URL of its scheme names ("s3://bucket/key").
// Reads of the blob are bound to ctx: they fail once it is done.
type Opener func(ctx context.Context, url string) (Blob, error)

var openers = struct {
	sync.RWMutex
	byScheme map[string]Opener
}{byScheme: map[string]Opener{}}

// RegisterOpener makes paths of scheme ("s3" for s3://…) readable by the
// file sources. It panics on an empty scheme, a nil opener or a second
// registration of scheme.
func RegisterOpener(scheme string, o Opener) {
	if scheme == "" || o == nil {
		panic("source: RegisterOpener needs a scheme and an opener")
	}
	openers.Lock()
	defer openers.Unlock()
	if _, dup := openers.byScheme[scheme]; dup {
		panic(fmt.Sprintf("source: an opener for %s:// is already registered", scheme))
	}
	openers.byScheme[scheme] = o
}

// opener returns the opener of a URL's scheme, or an error saying which
// schemes can be read.
func opener(url string) (Opener, error) {
	sch := scheme(url)
	openers.RLock()
	o, ok := openers.byScheme[sch]
	openers.RUnlock()
	if !ok {
		return nil, fmt.Errorf("source %s: %s:// paths are not supported; use a local path or s3://", url, sch)
	}
	return o, nil
}

// IsRemote reports whether path is a URL of a store (s3://…) rather than
// a local path.
func IsRemote(path string) bool { return scheme(path) != "" }

// Locate checks that path names an input the file sources can open and
// returns the name to open it by: a local path made absolute, after
// checking it is a file (wrapping ErrNotFile for a directory); a URL as it
// is, once its scheme is known to be readable (the object itself is
// looked up when it is opened).
func Locate(path string) (string, error) {
	if IsRemote(path) {
		_, err := opener(path)
		return path, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("source %s: %w", path, err)
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("source: %w", err)
	}
	if fi.IsDir() {
		return "", fmt.Errorf("source %s: %w; give the path of a file", path, ErrNotFile)
	}
	return abs, nil
}

// OpenBlob opens the input named by a path Locate returned: a local file,
// or an object through the opener of its scheme.
func OpenBlob(ctx context.Context, path string) (Blob, error) {
	if !IsRemote(path) {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("source: %w", err)
		}
		return localBlob{f}, nil
	}
	o, err := opener(path)
	if err != nil {
		return nil, err
	}
	return o(ctx, path)
}

// localBlob is a local file.
type localBlob struct{ *os.File }

func (b localBlob) Stat() (BlobInfo, error) {
	fi, err := b.File.Stat()
	if err != nil {
		return BlobInfo{}, err
	}
	return BlobInfo{Size: fi.Size(), ModTime: fi.ModTime()}, nil
}
