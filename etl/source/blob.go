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
// or an object in a store such as S3 (see RegisterStore). The file
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

// Store is how the file sources reach the objects of a scheme other than
// the local file system: Open reads one, List lists those a glob or a
// prefix names (see Files).
type Store struct {
	Open Opener
	List Lister
}

var stores = struct {
	sync.RWMutex
	byScheme map[string]Store
}{byScheme: map[string]Store{}}

// RegisterStore makes paths of scheme ("s3" for s3://…) readable and
// listable by the file sources. It panics on an empty scheme, a Store
// missing a function or a second registration of scheme.
func RegisterStore(scheme string, st Store) {
	if scheme == "" || st.Open == nil || st.List == nil {
		panic("source: RegisterStore needs a scheme, an opener and a lister")
	}
	stores.Lock()
	defer stores.Unlock()
	if _, dup := stores.byScheme[scheme]; dup {
		panic(fmt.Sprintf("source: a store for %s:// is already registered", scheme))
	}
	stores.byScheme[scheme] = st
}

// storeOf returns the store of a URL's scheme, or an error saying which
// schemes can be read.
func storeOf(url string) (Store, error) {
	sch := scheme(url)
	stores.RLock()
	st, ok := stores.byScheme[sch]
	stores.RUnlock()
	if !ok {
		return Store{}, fmt.Errorf("source %s: %s:// paths are not supported; use a local path or s3://", url, sch)
	}
	return st, nil
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
		_, err := storeOf(path)
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
	st, err := storeOf(path)
	if err != nil {
		return nil, err
	}
	return st.Open(ctx, path)
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
