package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// The files_workers_pg case: the raw CSV split into -files files, loaded
// by bench_files (a glob, each file a unit of its own) with -workers
// workers in each of -processes loader processes, against the same load
// with one worker in one process.
const filesWorkersPG = "files_workers_pg"

// filesGlob is the pattern bench_files is given, under the bench's folder.
const filesGlob = "files/part-*.csv"

// splitRaw writes the data rows of the raw CSV at raw, in order, into k
// files dir/part-NNN.csv, each with the header: about n/k rows each. A
// file never ends between a row and its exact duplicate (the generator
// writes them one after the other), so no order_id is in two files and
// the files' rows give the digest of the one file however the workers
// interleave.
func splitRaw(raw, dir string, n, k int) error {
	in, err := os.Open(raw)
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	r := bufio.NewReaderSize(in, 1<<20)
	header, err := r.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("reading the header of %s: %w", raw, err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	var prev []byte
	for i := range k {
		rows := (i+1)*n/k - i*n/k
		if i == k-1 {
			rows = -1 // the last takes the rest
		}
		if prev, err = writePart(r, filepath.Join(dir, fmt.Sprintf("part-%03d.csv", i)), header, prev, rows); err != nil {
			return err
		}
	}
	return nil
}

// writePart writes the header, carry (a row the previous file left, or
// nil), then the next rows lines of r (all of them when rows is negative)
// and every duplicate of the last one, to path. It returns the first row it read and did not
// write.
func writePart(r *bufio.Reader, path string, header, carry []byte, rows int) ([]byte, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	_, _ = w.Write(header)
	var last, next []byte
	for written := 0; ; written++ {
		line := carry
		carry = nil
		if line == nil {
			if line, err = r.ReadBytes('\n'); errors.Is(err, io.EOF) && len(line) == 0 {
				break
			} else if err != nil && !errors.Is(err, io.EOF) {
				_ = f.Close()
				return nil, fmt.Errorf("reading the raw CSV: %w", err)
			}
		}
		if rows >= 0 && written >= rows && !bytes.Equal(line, last) {
			next = line
			break
		}
		_, _ = w.Write(line)
		last = line
	}
	if err := w.Flush(); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	return next, f.Close()
}

// splitFiles is the case's set-up: the raw CSV split into -files files.
func (b *bench) splitFiles(context.Context) error {
	start := time.Now()
	if err := splitRaw(b.data.Raw, filepath.Join(b.dir, filepath.Dir(filesGlob)), b.cfg.n, b.cfg.files); err != nil {
		return fmt.Errorf("splitting the raw CSV: %w", err)
	}
	fmt.Fprintf(b.log, "split the raw CSV into %d files in %.1f s\n", b.cfg.files, time.Since(start).Seconds())
	return nil
}

// loadFiles runs bench_files on the split files in processes loader
// processes at once, each with workers workers, and measures from the
// first start to the last exit; the peak RSS is the largest process's.
func (b *bench) loadFiles(ctx context.Context, processes, workers int) (measurement, error) {
	glob := filepath.Join(b.dir, filesGlob)
	ms := make([]measurement, processes)
	errs := make([]error, processes)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range processes {
		wg.Go(func() {
			ms[i], errs[i] = b.runPipeline(ctx, b.pg.loaderURL, "bench_files", glob, "--workers", strconv.Itoa(workers))
		})
	}
	wg.Wait()
	m := measurement{seconds: time.Since(start).Seconds()}
	for _, p := range ms {
		m.maxRSSKiB = max(m.maxRSSKiB, p.maxRSSKiB)
	}
	return m, errors.Join(errs...)
}

// filesWorkersCase: bench_files with -workers workers in each of
// -processes processes, against one worker in one process; both into a
// freshly migrated, empty schema. The ratio is the speed-up.
func (b *bench) filesWorkersPG() benchCase {
	p, w := b.cfg.processes, b.cfg.workers
	cmd := fmt.Sprintf("loader run bench_files --workers %d (%d files)", w, b.cfg.files)
	if p > 1 {
		cmd = fmt.Sprintf("%d × loader run bench_files --workers %d at once (%d files)", p, w, b.cfg.files)
	}
	return benchCase{
		name:      filesWorkersPG,
		loaderCmd: cmd,
		reference: "loader run bench_files --workers 1 (the same files)",
		target:    1.0,
		setup:     b.splitFiles,
		loader: side{
			prepare: b.freshPG,
			timed:   func(ctx context.Context) (measurement, error) { return b.loadFiles(ctx, p, w) },
			digest:  b.pg.digest,
		},
		ref: side{
			prepare: b.freshPG,
			timed:   func(ctx context.Context) (measurement, error) { return b.loadFiles(ctx, 1, 1) },
			digest:  b.pg.digest,
		},
	}
}
