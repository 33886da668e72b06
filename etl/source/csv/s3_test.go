package csvsource_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
	"github.com/warehouse-loader/loader/internal/s3test"
)

// TestKitOnS3 runs the source kit over objects in an S3 store, plain and
// compressed.
func TestKitOnS3(t *testing.T) {
	srv := s3test.Serve(t)
	for _, ext := range append([]string{""}, sourcetest.Compressions...) {
		t.Run("csv"+ext, func(t *testing.T) {
			k := kind
			k.Input = func(t *testing.T, content string) sourcetest.New {
				return kitSource(srv.Input(t, "data.csv", ext, content))
			}
			sourcetest.Run(t, k)
		})
	}
}

// A plain object resumes with a ranged GET from its checkpoint (after the
// header's first 64 KiB and the byte before the checkpoint, which tells
// that the last record loaded was whole); a compressed one is read again
// from its start.
func TestS3ResumeFetchesFromTheCheckpoint(t *testing.T) {
	srv := s3test.Serve(t)
	var b strings.Builder
	b.WriteString("id,text\n")
	for i := 1; i <= 40000; i++ {
		fmt.Fprintf(&b, "%d,row %d with some text to make it longer\n", i, i)
	}
	for _, ext := range []string{"", ".gz"} {
		url := srv.Input(t, "big.csv", ext, b.String())
		body := srv.Get(t, s3test.Bucket, strings.TrimPrefix(url, "s3://"+s3test.Bucket+"/"))
		newSrc := kitSource(url)
		src := mustNew(t, newSrc)
		open(t, src, etl.Checkpoint{})
		if _, _, err := readN(t, src, 30000); err != nil {
			t.Fatal(err)
		}
		cp := src.Checkpoint()
		_ = src.Close()
		offset := cursorOffset(t, cp)
		srv.Requests()
		again := mustNew(t, newSrc)
		open(t, again, cp)
		if rest, _, err := readN(t, again, -1); err != nil || len(rest) != 10000 {
			t.Fatalf("%s: %d records after the checkpoint, %v", ext, len(rest), err)
		}
		gets := s3test.Gets(srv.Requests())
		fetched := s3test.Fetched(gets)
		t.Logf("%s: %d bytes, checkpoint at byte %d: the resume fetched %d bytes in %d GETs %v", ext, len(body), offset, fetched, len(gets), gets)
		if ext != "" {
			if fetched < int64(len(body)) {
				t.Fatalf("a compressed resume fetched %d of %d bytes: it must read from the start", fetched, len(body))
			}
			continue
		}
		if start, _, _ := gets[1].Span(); start != offset-1 || fetched > int64(len(body))-offset+2*64<<10 {
			t.Fatalf("the resume's second GET starts at %d, want %d (the byte before the checkpoint); %d bytes fetched", start, offset-1, fetched)
		}
	}
}

// Cancelling a read the store holds ends it with the context's error.
func TestS3CancelEndsAHeldRead(t *testing.T) {
	srv := s3test.Serve(t)
	src := mustNew(t, kitSource(srv.Object(t, "a.csv", []byte(kind.Records(300000)))))
	ctx, cancel := context.WithCancel(t.Context())
	if _, err := src.Open(ctx, etl.Checkpoint{}); err != nil {
		t.Fatal(err)
	}
	srv.Inject(s3test.Fault{Hold: true})
	errc := make(chan error, 1)
	go func() {
		var rec etl.Record
		for {
			if err := src.Next(ctx, &rec); err != nil {
				errc <- err
				return
			}
		}
	}()
	for srv.Held() == 0 {
		select {
		case err := <-errc:
			t.Fatalf("the read ended before the store held it: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("a read held by the store, cancelled: %v", err)
	}
}

func mustNew(t *testing.T, newSrc sourcetest.New) etl.Source {
	t.Helper()
	src, err := newSrc()
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// cursorOffset is the byte offset of a file source's checkpoint.
func cursorOffset(t *testing.T, cp etl.Checkpoint) int64 {
	t.Helper()
	var off int64
	if _, err := fmt.Sscanf(cp.Cursor, "%d:", &off); err != nil {
		t.Fatalf("cursor %q: %v", cp.Cursor, err)
	}
	return off
}
