package s3store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	tm "github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// errAborted ends the body of an upload Abort stops.
var errAborted = errors.New("upload aborted")

// Writer streams bytes into a new object. Nothing is visible under its
// key until Close returns nil: a small object is put whole by Close, a
// larger one is uploaded in parts as it is written (bounded memory) and
// completed by Close. Abort, or a failure, aborts the multipart upload, so
// no partial object is left. It is not safe for concurrent use.
type Writer struct {
	loc  location
	pw   *io.PipeWriter
	done chan struct{}
	err  error // of the upload, once done is closed
}

// Exists reports whether the object at url exists (HEAD).
func (st *Store) Exists(ctx context.Context, url string) (bool, error) {
	loc, err := parseURL(url, false)
	if err != nil {
		return false, err
	}
	bucket, key := loc.bucketAndKey()
	_, err = st.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: bucket, Key: key})
	if err == nil {
		return true, nil
	}
	if err = st.describe("looking up", url, err); errors.Is(err, ErrNotFound) {
		return false, nil // or no such bucket, which the upload then names
	}
	return false, err
}

// Create starts the upload of the object at url (replacing one that
// exists once completed); the upload is bound to ctx.
func (st *Store) Create(ctx context.Context, url string) (*Writer, error) {
	loc, err := parseURL(url, false)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(loc.key, "/") {
		return nil, fmt.Errorf("%s names a folder; name the object to write, e.g. %sout.csv", url, url)
	}
	pr, pw := io.Pipe()
	w := &Writer{loc: loc, pw: pw, done: make(chan struct{})}
	bucket, key := loc.bucketAndKey()
	go func() {
		defer close(w.done)
		_, err := st.transfer.UploadObject(ctx, &tm.UploadObjectInput{Bucket: bucket, Key: key, Body: pr})
		if err != nil {
			w.err = st.describe("uploading", url, err)
			pr.CloseWithError(w.err) // a Write waiting on the upload fails with its error
			return
		}
		pr.CloseWithError(io.ErrClosedPipe) // bytes written past Close
	}()
	return w, nil
}

// Write passes p to the upload; it fails with the upload's error once
// the upload failed.
func (w *Writer) Write(p []byte) (int, error) { return w.pw.Write(p) }

// Close ends the body and waits for the upload to complete: on nil, the
// object is in place.
func (w *Writer) Close() error {
	_ = w.pw.Close()
	<-w.done
	return w.err
}

// Abort stops the upload and waits for it to be aborted: no object is
// left (an object that was there before stays as it was).
func (w *Writer) Abort() {
	_ = w.pw.CloseWithError(errAborted)
	<-w.done
}
