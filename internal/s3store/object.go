package s3store

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/warehouse-loader/loader/etl/source"
)

// Object is an object opened for reading: a source.Blob whose reads are
// ranged GETs, each made with If-Match on the ETag the object had when
// opened, through a small read-ahead cache (see cache). Its methods may
// be called concurrently.
type Object struct {
	st   *Store
	ctx  context.Context //nolint:containedctx // io.ReaderAt takes none: the reads are bound to Open's
	loc  location
	info source.BlobInfo
	etag string // as the store sent it, quoted

	mu    sync.Mutex
	cache cache
	err   error // sticky: the object changed under the run
}

// Open looks the object up (HEAD) and returns it; its reads are bound to
// ctx. A missing object wraps ErrNotFound; refused credentials wrap
// ErrAccess.
func (st *Store) Open(ctx context.Context, url string) (*Object, error) {
	loc, err := parseURL(url, false)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(loc.key, "/") {
		return nil, fmt.Errorf("source %s: it names a folder; give an object's key, or end the path with / to load every object under it", url)
	}
	bucket, key := loc.bucketAndKey()
	out, err := st.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: bucket, Key: key})
	if err != nil {
		return nil, st.describe("opening", url, err)
	}
	o := &Object{st: st, ctx: ctx, loc: loc, etag: aws.ToString(out.ETag)}
	o.info = source.BlobInfo{Size: aws.ToInt64(out.ContentLength), ModTime: aws.ToTime(out.LastModified), ETag: o.etag}
	return o, nil
}

// Stat returns the size, time and ETag the object had when opened, or
// the error (wrapping source.ErrChanged) of a read that found it replaced.
// It makes no request.
func (o *Object) Stat() (source.BlobInfo, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.info, o.err
}

// Close drops the cached bytes.
func (o *Object) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.cache = cache{}
	return nil
}

// ReadAt reads len(p) bytes at off, from the cache or with ranged GETs.
// It fails wrapping source.ErrChanged once the object was found replaced.
func (o *Object) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("reading %s: negative offset %d", o.loc.url, off)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for n < len(p) && off+int64(n) < o.info.Size {
		if o.err != nil {
			return n, o.err
		}
		at := off + int64(n)
		b := o.cache.find(at)
		if b == nil {
			start, end := o.cache.span(at, int64(len(p)-n), o.info.Size)
			data, err := o.get(start, end)
			if err != nil {
				return n, err
			}
			b = o.cache.add(start, data)
		}
		n += copy(p[n:], b.data[at-b.off:])
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// get fetches the bytes [start, end) with one ranged GET on the ETag the
// object was opened with.
func (o *Object) get(start, end int64) ([]byte, error) {
	bucket, key := o.loc.bucketAndKey()
	rng := fmt.Sprintf("bytes=%d-%d", start, end-1)
	out, err := o.st.client.GetObject(o.ctx, &s3.GetObjectInput{Bucket: bucket, Key: key, Range: aws.String(rng), IfMatch: aws.String(o.etag)})
	if err != nil {
		if isPreconditionFailed(err) {
			return nil, o.changed("")
		}
		return nil, o.st.describe("reading", o.loc.url, err)
	}
	defer out.Body.Close()
	if etag := aws.ToString(out.ETag); etag != "" && etag != o.etag {
		return nil, o.changed(etag)
	}
	if cr := aws.ToString(out.ContentRange); !strings.HasPrefix(cr, fmt.Sprintf("bytes %d-%d/", start, end-1)) {
		return nil, fmt.Errorf("reading %s: asked for %s, the store answered with %q; it does not serve ranges as S3 does", o.loc.url, rng, cr)
	}
	data := make([]byte, end-start)
	if _, err := io.ReadFull(out.Body, data); err != nil {
		return nil, o.st.describe("reading", o.loc.url, err)
	}
	return data, nil
}

// changed keeps and returns the error of an object replaced since it was
// opened (now has its new ETag, when known).
func (o *Object) changed(now string) error {
	etags := "ETag " + o.etag + " at the start"
	if now != "" {
		etags += ", " + now + " now"
	}
	o.err = fmt.Errorf("%s: %w: the object was replaced while being read (%s); run again to read the new one", o.loc.url, source.ErrChanged, etags)
	return o.err
}
