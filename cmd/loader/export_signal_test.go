//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExportInterrupted: SIGINT during an export, as CSV or as Parquet,
// ends it with exit code 1 and one line, leaving neither the file, its
// manifest nor the temporary file.
func TestExportInterrupted(t *testing.T) {
	bin := loaderBinary(t)
	env := bigTable(t, 1_000_000)
	for _, name := range []string{"big.csv", "big.parquet"} {
		dir := t.TempDir()
		to := filepath.Join(dir, name)
		p := startLoader(t, bin, env, "export", "big", "--to", to)
		deadline := time.Now().Add(30 * time.Second)
		for !p.exited() && len(tempFiles(t, dir)) == 0 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if p.exited() {
			t.Fatalf("%s: the export ended before it could be interrupted: %+v", name, p.wait())
		}
		if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		r := p.wait()
		if line := errLine(t, r); r.code != exitError || !strings.Contains(line, "export cancelled: "+to+" was not written") {
			t.Fatalf("%s: exit %d, %q", name, r.code, line)
		}
		if left := tempFiles(t, dir); len(left) != 0 {
			t.Fatalf("the interrupted export of %s left %v", name, left)
		}
	}
}

// tempFiles lists the files in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestExportMemoryStaysFlat exports 10k and 1M rows with the real binary
// and compares the processes' peak RSS: rows are streamed, so a hundred
// times the rows must not need noticeably more memory (the bound, 1.5 ×
// the small peak + 20 MiB, is far below the 1M rows' 97 MB of NDJSON).
func TestExportMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("exports 1M rows")
	}
	bin := loaderBinary(t)
	small, large := exportRSS(t, bin, 10_000), exportRSS(t, bin, 1_000_000)
	limit := small*3/2 + 20<<10 // KiB
	t.Logf("peak RSS: %d KiB for 10k rows, %d KiB for 1M rows (limit %d KiB)", small, large, limit)
	if large > limit {
		t.Fatalf("peak RSS %d KiB for 1M rows exceeds %d KiB: memory grows with the table", large, limit)
	}
}

// exportRSS exports a table of n rows and returns the process's peak RSS
// (KiB).
func exportRSS(t *testing.T, bin string, n int) int64 {
	t.Helper()
	env := bigTable(t, n)
	path := filepath.Join(t.TempDir(), "big.ndjson")
	resetPeakRSS(t)
	p := startLoader(t, bin, env, "export", "big", "--to", path)
	r := p.wait()
	if r.code != 0 || !strings.HasPrefix(r.stdout, fmt.Sprintf("exported %d rows of big", n)) {
		t.Fatalf("export: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	rss := p.cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	info, _ := os.Stat(path)
	t.Logf("%d rows: peak RSS %d KiB, %s; %d bytes in %s", n, rss, strings.TrimSpace(r.stdout), info.Size(), p.cmd.ProcessState.UserTime()+p.cmd.ProcessState.SystemTime())
	return rss
}
