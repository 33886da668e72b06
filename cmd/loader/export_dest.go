package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/warehouse-loader/loader/internal/s3store"
)

// exportDest is where an export's files go: a local folder, or a store
// (an --to of s3://bucket/key).
type exportDest interface {
	// create starts the file at path: nothing is visible there until
	// commit; abort leaves nothing.
	create(ctx context.Context, path string) (exportFile, error)
}

// exportFile is a file being written by an export.
type exportFile interface {
	io.Writer
	// commit puts the whole file in place, replacing one there.
	commit() error
	// abort drops what was written; it may follow a failed commit.
	abort()
}

// exportDestination is the destination of --to, once it is known that it
// may be written: a path that exists is replaced only with force.
func (a *app) exportDestination(ctx context.Context, to string, force bool) (exportDest, error) {
	if !strings.HasPrefix(to, "s3://") {
		return localDest{}, nil
	}
	st, err := s3store.Default(ctx)
	if err != nil {
		return nil, err
	}
	exists, err := st.Exists(ctx, to)
	switch {
	case err != nil:
		return nil, err
	case exists && !force:
		return nil, usagef("%s exists; pass --force to replace it, or choose another --to", to)
	}
	return s3Dest{st}, nil
}

// localDest writes local files atomically: into a temporary file in the
// same folder, synced, then renamed over the path.
type localDest struct{}

func (localDest) create(_ context.Context, path string) (exportFile, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("creating %s (does the folder of --to exist, can it be written?): %w", path, err)
	}
	f := &localFile{tmp: tmp, path: path}
	if err := tmp.Chmod(0o644); err != nil {
		f.abort()
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	return f, nil
}

// localFile is a temporary file that becomes path.
type localFile struct {
	tmp  *os.File
	path string
}

func (f *localFile) Write(p []byte) (int, error) { return f.tmp.Write(p) }

func (f *localFile) commit() error { return commitFile(f.tmp, f.path) }

func (f *localFile) abort() {
	_ = f.tmp.Close()
	_ = os.Remove(f.tmp.Name())
}

// s3Dest uploads objects: each appears once complete.
type s3Dest struct{ st *s3store.Store }

func (d s3Dest) create(ctx context.Context, url string) (exportFile, error) {
	w, err := d.st.Create(ctx, url)
	if err != nil {
		return nil, err
	}
	return s3File{w}, nil
}

// s3File is an object being uploaded.
type s3File struct{ *s3store.Writer }

func (f s3File) commit() error { return f.Close() }

func (f s3File) abort() { f.Abort() }
