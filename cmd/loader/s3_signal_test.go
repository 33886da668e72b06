//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/s3test"
)

// TestS3ResumeAfterSIGKILLReadsFromTheCheckpoint: a run of an S3 object
// killed mid-way resumes with a ranged GET from its checkpoint (after
// the header's first 64 KiB and the byte before the checkpoint), not from
// the start, and the warehouse ends with each row once.
func TestS3ResumeAfterSIGKILLReadsFromTheCheckpoint(t *testing.T) {
	const rows, batch = 100000, 1000
	bin := loaderBinary(t)
	url := dbtest.SQLite(t)
	srv, env := s3Env(t, demoEnv(t, url))
	body := salesCSV(t, rows)
	srv.Put(t, "data", "sales.csv", body)
	args := []string{"run", "sales_ingest", "--input", "s3://data/sales.csv", "--batch-size", strconv.Itoa(batch)}
	s := openStore(t, url)
	p := startLoader(t, bin, env, args...)
	pollState(t, s, p, "sales_ingest", func(off int64) bool { return off >= 5*batch }, time.Time{})
	_ = p.cmd.Process.Kill()
	r := p.wait()
	if ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the run ended before the kill: exit %d\n%s", r.code, r.stderr)
	}
	st, _, err := s.State(context.Background(), "sales_ingest")
	if err != nil || st.Cursor == nil {
		t.Fatalf("no checkpoint after the kill: %v", err)
	}
	var offset int64
	if _, err := fmt.Sscanf(*st.Cursor, "%d:", &offset); err != nil || offset < 256<<10 {
		t.Fatalf("checkpoint %q: %v", *st.Cursor, err)
	}
	srv.Requests()
	if r := mustRun(t, bin, env, args...); !strings.Contains(r.stdout, "succeeded") {
		t.Fatalf("the resumed run: %s", r.stdout)
	}
	gets := s3test.Gets(srv.Requests())
	for _, g := range gets {
		start, end, ok := g.Span()
		if !ok || start < offset-1 && end >= 64<<10 {
			t.Fatalf("checkpoint at byte %d, yet the resumed run fetched %q", offset, g.Range)
		}
	}
	if start, _, _ := gets[1].Span(); start != offset-1 {
		t.Fatalf("the resumed run's GETs %v do not start at the checkpoint (byte %d)", gets[:2], offset)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM sales_data"); n != rows {
		t.Fatalf("%d rows after the resume, want %d", n, rows)
	}
	t.Logf("killed at byte %d of %d (%d records); the resume fetched %d bytes in %d GETs", offset, len(body), st.SourceOffset, s3test.Fetched(gets), len(gets))
}

// exportEnv is a SQLite warehouse whose table big holds n rows, with env
// pointed at an S3 API with bucket "data".
func exportEnv(t *testing.T, n int) (*s3test.Server, map[string]string) {
	t.Helper()
	return s3Env(t, bigTable(t, n))
}

// TestS3ExportMatchesTheLocalExport: a table exported to S3 in several
// parts is, byte for byte, the local export of it, and so is its
// manifest but for the time; an existing object is replaced only with
// --force.
func TestS3ExportMatchesTheLocalExport(t *testing.T) {
	srv, env := exportEnv(t, 150_000)
	env["LOADER_S3_PART_SIZE"] = "5"
	dir := t.TempDir()
	for _, ext := range []string{"csv", "ndjson"} {
		local := dir + "/big." + ext
		mustLoader(t, env, "export", "big", "--to", local)
		srv.Requests()
		r := mustLoader(t, env, "export", "big", "--to", "s3://data/out/big."+ext)
		parts := 0
		for _, q := range srv.Requests() {
			if q.IsPart() {
				parts++
			}
		}
		want := []byte(readFile(t, local))
		got := srv.Get(t, "data", "out/big."+ext)
		if !bytes.Equal(got, want) || parts < 2 {
			t.Fatalf("%s: the object holds %d bytes uploaded in %d parts; the local export %d", ext, len(got), parts, len(want))
		}
		lm, sm := manifestOf(t, []byte(readFile(t, local+".manifest.json"))), manifestOf(t, srv.Get(t, "data", "out/big."+ext+".manifest.json"))
		if lm.SHA256 != sm.SHA256 || lm.Rows != sm.Rows || lm.Bytes != sm.Bytes || lm.Rows != 150_000 {
			t.Fatalf("%s: manifests %+v and %+v", ext, lm, sm)
		}
		t.Logf("%s: %s; %d bytes in %d parts", ext, strings.TrimSpace(r.stdout), len(got), parts)
	}
	r := loader(t, env, "export", "big", "--to", "s3://data/out/big.csv")
	if line := errLine(t, r); r.code != exitUsage || !strings.Contains(line, "s3://data/out/big.csv exists; pass --force") {
		t.Fatalf("exit %d, %q", r.code, line)
	}
	mustLoader(t, env, "export", "--query", "SELECT id FROM big WHERE id <= 3", "--to", "s3://data/out/big.csv", "--force")
	if got := string(srv.Get(t, "data", "out/big.csv")); got != "id\n1\n2\n3\n" {
		t.Fatalf("after --force: %q", got)
	}
}

// TestS3ExportInterruptedLeavesNoObject: SIGINT during an upload, or a
// part the store refuses, aborts it: no object, no manifest, no
// multipart upload left. The signal comes once a part is on its way
// (held): only then does the loader know the upload's id. A signal while
// the store creates the upload, before its answer arrives, leaves an
// upload nobody can name, as on S3 itself (see the docs).
func TestS3ExportInterruptedLeavesNoObject(t *testing.T) {
	bin := loaderBinary(t)
	srv, env := exportEnv(t, 300_000)
	env["LOADER_S3_PART_SIZE"], env["AWS_MAX_ATTEMPTS"] = "5", "1"
	isPart := func(r *http.Request) bool { return r.URL.Query().Get("partNumber") != "" }
	srv.Inject(s3test.Fault{Match: isPart, Hold: true})
	p := startLoader(t, bin, env, "export", "big", "--to", "s3://data/big.csv")
	deadline := time.Now().Add(30 * time.Second)
	for !p.exited() && srv.Held() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	r := p.wait()
	if line := errLine(t, r); r.code != exitError || !strings.Contains(line, "export cancelled: s3://data/big.csv was not written") {
		t.Fatalf("exit %d, %q", r.code, line)
	}
	srv.Clear()
	srv.Inject(s3test.Fault{Match: func(r *http.Request) bool { return r.URL.Query().Get("partNumber") == "2" }, Status: http.StatusInternalServerError, Code: "InternalError"})
	r = loader(t, env, "export", "big", "--to", "s3://data/big.csv")
	if line := errLine(t, r); r.code != exitError || !strings.Contains(line, "InternalError") || !strings.Contains(line, "s3://data/big.csv was not written") {
		t.Fatalf("a refused part: exit %d, %q", r.code, line)
	}
	for _, key := range []string{"big.csv", "big.csv.manifest.json"} {
		if got := srv.Get(t, "data", key); got != nil {
			t.Fatalf("%s is left (%d bytes)", key, len(got))
		}
	}
	if ups := srv.Uploads(t, "data"); len(ups) != 0 {
		t.Fatalf("multipart uploads left: %v", ups)
	}
}

func manifestOf(t *testing.T, body []byte) manifest {
	t.Helper()
	var m manifest
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("manifest %q: %v", body, err)
	}
	return m
}
