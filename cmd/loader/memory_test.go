//go:build linux

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// TestMemoryStaysFlat loads 100k and 2M generated rows with the real binary
// (sales_ingest, then sales_transform, batch size from pipelines.yaml) and
// compares the processes' peak RSS.
//
// A run holds a bounded amount of data at any time: three batches in
// flight between the reader and the writer, one page of the SQL source,
// the driver's statement and page caches. None of it grows with the input,
// so 20 times the rows must not need noticeably more memory: the bound,
// 1.5 × the small peak + 20 MiB, leaves room for garbage-collector timing
// and allocator noise, while anything kept per row (every row, a set of
// every key) would add well over 100 MiB at 2M rows.
//
// SQLite only: on a 2-core machine PostgreSQL transforms 60k rows in 2.5 to
// 5 s, so 2M rows would take 1.5 to 3 minutes, far over the minute this
// test may take; both dialects share the engine whose memory is measured.
func TestMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 2M rows")
	}
	bin := loaderBinary(t)
	small := peakRSS(t, bin, 100_000)
	large := peakRSS(t, bin, 2_000_000)
	limit := small*3/2 + 20<<10 // KiB
	t.Logf("peak RSS: %d KiB for 100k rows, %d KiB for 2M rows (limit %d KiB)", small, large, limit)
	if large > limit {
		t.Fatalf("peak RSS %d KiB for 2M rows exceeds %d KiB (1.5 × %d KiB for 100k + 20 MiB): memory grows with the input", large, limit, small)
	}
}

// peakRSS loads n generated rows into a fresh SQLite warehouse and returns
// the highest peak RSS (KiB) of the ingest and transform processes.
func peakRSS(t *testing.T, bin string, n int) int64 {
	t.Helper()
	input := filepath.Join(t.TempDir(), "sales.csv")
	writeSales(t, input, n)
	env := demoEnv(t, dbtest.SQLite(t))
	var peak int64
	for _, args := range [][]string{{"run", "sales_ingest", "--input", input}, {"run", "sales_transform"}} {
		resetPeakRSS(t)
		p := startLoader(t, bin, env, args...)
		r := p.wait()
		if r.code != 0 {
			t.Fatalf("loader %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
		}
		if !strings.Contains(r.stdout, fmt.Sprintf(" %d read", n)) {
			t.Fatalf("loader %s: %q, want %d read", strings.Join(args, " "), r.stdout, n)
		}
		rss := p.cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
		own := selfStatus(t, "VmHWM")
		t.Logf("%d rows, %s: peak RSS %d KiB (test process: %d KiB), %s", n, args[1], rss, own, strings.TrimSpace(strings.SplitN(r.stdout, "\n", 2)[0]))
		if rss <= own {
			t.Fatalf("peak RSS %d KiB of the loader is hidden by the test process's own peak of %d KiB", rss, own)
		}
		peak = max(peak, rss)
	}
	return peak
}

// resetPeakRSS returns the test process's free memory to the system and
// resets its peak RSS to its current RSS. A child's ru_maxrss starts from
// the peak of the address space it was started from: os/exec starts the
// child in the test process's address space (vfork), and exec keeps that
// peak in the child's counter. Without the reset, a test process that once
// held a few hundred MiB would report that much for every loader it starts.
// After the reset, a child's Maxrss above the test process's own new peak
// is the child's own.
func resetPeakRSS(t *testing.T) {
	t.Helper()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Fatalf("resetting the peak RSS of the test process: %v", err)
	}
}

// selfStatus returns a KiB figure of /proc/self/status, such as VmHWM.
func selfStatus(t *testing.T, field string) int64 {
	t.Helper()
	body, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if ok && name == field {
			kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("/proc/self/status %s: %v", field, err)
			}
			return kib
		}
	}
	t.Fatalf("/proc/self/status has no %s", field)
	return 0
}
