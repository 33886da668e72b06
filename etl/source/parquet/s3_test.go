package parquetsource_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	parquetsource "github.com/warehouse-loader/loader/etl/source/parquet"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
	"github.com/warehouse-loader/loader/internal/s3test"
)

// TestKitOnS3 runs the source kit over Parquet objects in an S3 store.
func TestKitOnS3(t *testing.T) {
	srv := s3test.Serve(t)
	k := kit
	k.Input = func(t *testing.T, content string) sourcetest.New {
		body, err := os.ReadFile(writeKit(t, content))
		if err != nil {
			t.Fatal(err)
		}
		url := srv.Object(t, "data.parquet", body)
		return func() (etl.Source, error) { return parquetsource.New(url, parquetsource.Options{}) }
	}
	sourcetest.Run(t, k)
}

// Opening a Parquet object reads its magic and footer with ranged GETs
// of its start and end, not the object; reading it fetches each byte about once; a resume in
// its last row group fetches the footer and that group only.
func TestS3ReadsTheFooterAndTheGroupsItNeeds(t *testing.T) {
	srv := s3test.Serve(t)
	var content strings.Builder
	for g := range 8 {
		for i := range 5000 {
			n := g*5000 + i + 1
			fmt.Fprintf(&content, "%d|row %d %x\n", n, n, uint64(n)*0x9E3779B97F4A7C15)
		}
		content.WriteString("--\n")
	}
	body, err := os.ReadFile(writeKit(t, content.String()))
	if err != nil {
		t.Fatal(err)
	}
	size := int64(len(body))
	newSrc := func() *parquetsource.Parquet {
		src, err := parquetsource.New(srv.Object(t, "big.parquet", body), parquetsource.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return src
	}
	src := newSrc()
	srv.Requests()
	sourcetest.Open(t, src, etl.Checkpoint{})
	footer := s3test.Fetched(srv.Requests())
	if footer > 2*64<<10 || footer == 0 { // the first 64 KiB (the magic) and the last (the footer)
		t.Fatalf("opening a %d-byte object fetched %d bytes", size, footer)
	}
	if _, _, err := sourcetest.ReadN(t, src, 35000); err != nil {
		t.Fatal(err)
	}
	cp := src.Checkpoint()
	if _, _, err := sourcetest.ReadN(t, src, -1); err != nil {
		t.Fatal(err)
	}
	whole := s3test.Fetched(srv.Requests())
	_ = src.Close()
	again := newSrc()
	srv.Requests()
	sourcetest.Open(t, again, cp)
	if rest, _, err := sourcetest.ReadN(t, again, -1); err != nil || len(rest) != 5000 {
		t.Fatalf("%d rows after the checkpoint, %v", len(rest), err)
	}
	reqs := srv.Requests()
	resumed := s3test.Fetched(reqs)
	for _, g := range s3test.Gets(reqs) {
		if _, _, ok := g.Span(); !ok {
			t.Fatalf("a GET without a range: %+v", g)
		}
	}
	t.Logf("%d-byte object: the footer took %d bytes, the whole read %d, a resume in the last group %d", size, footer, whole, resumed)
	if whole > size*3/2 || resumed > size/3 {
		t.Fatalf("read whole: %d bytes fetched; resumed in the last of 8 groups: %d; of %d", whole, resumed, size)
	}
}
